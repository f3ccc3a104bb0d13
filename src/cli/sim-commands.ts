/**
 * `avisa opa-sim`: runs the local Opa! Suite simulator until Ctrl+C, so Avisa (or anyone with curl) can be tried
 * end to end without a real Opa instance. Prints the base URL to paste into Avisa and one line per accepted send.
 * `avisa cloudapi-sim`: the same for the WhatsApp Cloud API (its webhooks signed with the app secret, to `--webhook`).
 * `avisa demo-simulators` (hidden): the demo's three simulators in the child process `avisa start --demo` runs.
 */
import type { Command } from 'commander';
import { DEFAULT_SIM_TOKEN, startOpaSimulator, type OpaSimulator } from '../providers/opa/simulator.js';
import { startDemoSimulators } from '../app/demo-simulators.js';
import { startCloudApiSimulator } from '../providers/cloudapi/simulator.js';
import { CliError, say } from './context.js';

interface OpaSimOptions {
  port: string;
  host: string;
  token: string;
  seed?: string;
}

export function registerSimCommands(program: Command): void {
  program
    .command('opa-sim')
    .description('run a local Opa! Suite simulator (channels, templates, template sends, switchable faults)')
    .option('--port <port>', 'TCP port', '8787')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--token <token>', 'the API token it accepts', DEFAULT_SIM_TOKEN)
    .option('--seed <file>', 'JSON seed with channels and templates (default: the built-in ISP demo)')
    .action(async (opts: OpaSimOptions) => runOpaSim(opts));

  program
    .command('cloudapi-sim')
    .description('run a local WhatsApp Cloud API simulator (templates, error codes, throughput, signed status webhooks)')
    .option('--port <port>', 'TCP port', '8788')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--token <token>', 'the access token it accepts', 'cloudapi-sim-token')
    .option('--app-secret <secret>', 'the app secret that signs its webhooks', 'cloudapi-sim-app-secret')
    .option('--webhook <url>', "where it posts statuses (Avisa's …/webhooks/whatsapp)")
    .option('--undeliverable <digits...>', 'recipients (digits, 55…) accepted, then reported failed with 131026')
    .option('--messaging-limit <tier>', 'the messaging-limit tier the number reports (TIER_250, TIER_2K, TIER_10K, TIER_100K, UNLIMITED)', 'TIER_2K')
    .action(async (opts: CloudSimOptions) => runCloudSim(opts));

  program
    .command('demo-simulators', { hidden: true })
    .description("the demo's simulators (Opa! Suite, WhatsApp Cloud API, SMS Dev, SMTP) for `avisa start --demo`: prints their addresses as one JSON line, stops when its parent does")
    .option('--webhook <url>', "where the Cloud API simulator posts statuses (the demo server's /webhooks/whatsapp)")
    .action(async (opts: { webhook?: string }) => {
      const sims = await startDemoSimulators(opts.webhook ? { webhookUrl: opts.webhook } : {});
      say(JSON.stringify(sims.addresses));
      // The parent holds our stdin: when it goes (Ctrl+C, kill -9), so do we.
      await new Promise<void>((resolve) => {
        const stop = () => void sims.close().then(resolve, resolve);
        process.stdin.once('end', stop);
        process.stdin.once('close', stop);
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
        process.stdin.resume();
      });
      process.exit(0);
    });
}

async function runOpaSim(opts: OpaSimOptions): Promise<void> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a number from 0 to 65535, not "${opts.port}"`);
  if (!opts.token.trim()) throw new CliError('--token must not be empty');

  let sim: OpaSimulator;
  try {
    sim = await startOpaSimulator({
      port,
      host: opts.host,
      token: opts.token,
      ...(opts.seed ? { seed: opts.seed } : {}),
      onSend: (send) => say(`${send.at}  ${send.to}  ${send.atalho}  ${send.messageSentId}`),
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new CliError(`${opts.host}:${port} is already in use; choose another --port`);
    if (e.code === 'EADDRNOTAVAIL' || e.code === 'EACCES') throw new CliError(`cannot listen on ${opts.host}:${port} (${e.code})`);
    if (err instanceof Error && /simulator seed/.test(err.message)) throw new CliError(err.message);
    throw err;
  }

  const token = opts.token === DEFAULT_SIM_TOKEN ? `token ${DEFAULT_SIM_TOKEN} (the simulator's default)` : 'the token given with --token';
  say(`Opa! Suite simulator at ${sim.baseUrl}  (paste this URL into Avisa, with ${token}; Ctrl+C stops it)`);

  await untilStopped(() => sim.close());
}

interface CloudSimOptions {
  port: string;
  host: string;
  token: string;
  appSecret: string;
  webhook?: string;
  undeliverable?: string[];
  messagingLimit: string;
}

async function runCloudSim(opts: CloudSimOptions): Promise<void> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a number from 0 to 65535, not "${opts.port}"`);
  const sim = await startCloudApiSimulator({
    port,
    host: opts.host,
    token: opts.token,
    appSecret: opts.appSecret,
    messagingLimit: opts.messagingLimit,
    ...(opts.webhook ? { webhookUrl: opts.webhook } : {}),
    undeliverable: Object.fromEntries((opts.undeliverable ?? []).map((d) => [d.replace(/\D/g, ''), 131026])),
    onSend: (send) => say(`${send.at.toISOString()}  ${send.to}  ${send.template}  ${send.wamid}`),
  }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE') throw new CliError(`${opts.host}:${port} is already in use; choose another --port`);
    throw err;
  });
  say(`WhatsApp Cloud API simulator at ${sim.url}  (paste it as the integration's API URL; phone number ID 106540352242922, WABA 102290129340398, the token and app secret given; Ctrl+C stops it)`);
  say(`A subscriber's reply: curl -X POST ${sim.url}/__sim/inbound -H 'content-type: application/json' -d '{"from":"5548999990000","text":"SAIR"}'`);
  await untilStopped(() => sim.close());
}

/**
 * Serves until Ctrl+C, SIGTERM, or the end of whoever reads what it prints (a pipe closed under it: EPIPE, as when
 * the script that started it is killed), then closes. Without the last, the next send it printed crashed it.
 */
function untilStopped(close: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void close().then(resolve, resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      stop();
    });
  });
}
