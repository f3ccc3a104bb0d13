/**
 * The load side of the webhook bench, in its own thread (so the server's event loop is not the client's): posts
 * signed Cloud API status callbacks — three per message (sent, delivered, read), each its own request as Meta
 * sends them — at a target rate over keep-alive connections, and reports each request's acknowledgement time.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'undici';
import { signPayload } from '../providers/cloudapi/signature.js';

interface Job {
  url: string;
  appSecret: string;
  phoneNumberId: string;
  wamids: string[];
  /** Callbacks per second. */
  rate: number;
  connections: number;
}

const job = workerData as Job;

function payload(wamid: string, status: string, ts: number): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '554830000000', phone_number_id: job.phoneNumberId }, statuses: [{ id: wamid, status, timestamp: String(ts), recipient_id: '5548999000000' }] } }] }],
  });
}

async function run(): Promise<void> {
  const origin = new URL(job.url);
  const pool = new Pool(origin.origin, { connections: job.connections, pipelining: 1 });
  const bodies: string[] = [];
  const now = Math.floor(Date.now() / 1000);
  // read before delivered for a third of them: the order Meta does not promise
  job.wamids.forEach((w, i) => {
    const order = i % 3 === 0 ? ['sent', 'read', 'delivered'] : ['sent', 'delivered', 'read'];
    for (const status of order) bodies.push(payload(w, status, now + order.indexOf(status)));
  });
  // a server that has been running: its routes compiled, its connections open (not counted)
  for (let round = 0; round < 20; round++) {
    await Promise.all(
      Array.from({ length: job.connections }, async (_, i) => {
        const body = payload(`wamid.warmup.${round}.${i}`, 'sent', now);
        const res = await pool.request({ path: origin.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signPayload(body, job.appSecret) }, body });
        await res.body.arrayBuffer();
      }),
    );
  }
  const latencies: number[] = [];
  /** When each request left, in ms from the start (to see where the slow ones are). */
  const startedAt: number[] = [];
  let errors = 0;
  const started = performance.now();
  let next = 0;
  const inFlight = new Set<Promise<void>>();
  const send = async (body: string) => {
    const t0 = performance.now();
    try {
      const res = await pool.request({ path: origin.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signPayload(body, job.appSecret) }, body });
      await res.body.arrayBuffer();
      if (res.statusCode !== 200) errors++;
    } catch {
      errors++;
    }
    latencies.push(performance.now() - t0);
    startedAt.push(t0 - started);
  };
  while (next < bodies.length) {
    // the schedule: request i leaves at i / rate seconds (open loop, so a slow server cannot slow the offered load)
    const due = Math.floor(((performance.now() - started) / 1000) * job.rate) + 1;
    while (next < Math.min(due, bodies.length)) {
      const p: Promise<void> = send(bodies[next++]!).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  parentPort!.postMessage({ sent: bodies.length, seconds, errors, latencies, startedAt });
}

void run();
