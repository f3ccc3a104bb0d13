# Avisa container image: `docker build -t avisa .`, then e.g.
#   docker run -d --name avisa -p 3000:3000 -v avisa-data:/data -e AVISA_ADMIN_USER=admin -e AVISA_ADMIN_PASSWORD=… avisa
#   docker run -d --name avisa-worker -e DATABASE_URL=postgres://… -e AVISA_SECRET_KEY=… --no-healthcheck avisa worker
# Runs as the non-root `avisa` user (uid 1000); the embedded database and secret.key live in /data (a volume). Stop
# with `docker stop --time 35`: on SIGTERM Avisa finishes the sends already started within AVISA_SHUTDOWN_SECONDS (30).

# Build: npm and the Node.js image's tools. npm's install scripts run with the Node.js that npm installs with Avisa
# (package.json's `node`), which links libatomic, which the slim image leaves out on amd64.
FROM node:22-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends libatomic1 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Run: Debian with the one Node.js that runs Avisa, the one in node_modules (first on PATH), and no other.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libatomic1 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 1000 avisa && useradd --uid 1000 --gid avisa --home-dir /data --no-create-home --shell /usr/sbin/nologin avisa
ENV NODE_ENV=production \
    PATH=/app/node_modules/.bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    AVISA_DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# bin/avisa.js carries Avisa's memory flags (--max-old-space-size=1024 --max-semi-space-size=4 --v8-pool-size=1).
COPY --from=build --chown=root:root /app/package.json /app/package-lock.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/bin ./bin
COPY --from=build --chown=root:root /app/src/db/migrations ./src/db/migrations
RUN mkdir -p /data && chown avisa:avisa /data
USER avisa
VOLUME ["/data"]
EXPOSE 3000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/app/bin/avisa.js"]
CMD ["serve"]
