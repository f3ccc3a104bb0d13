/**
 * `avisa opa-sim`: runs the local Opa! Suite simulator until Ctrl+C, so Avisa (or anyone with curl) can be tried
 * end to end without a real Opa instance. Prints the base URL to paste into Avisa and one line per accepted send.
 * `avisa demo-simulators` (hidden): the demo's three simulators in the child process `avisa start --demo` runs.
 */
import type { Command } from 'commander';
import { DEFAULT_SIM_TOKEN, startOpaSimulator, type OpaSimulator } from '../providers/opa/simulator.js';
import { startDemoSimulators } from '../app/demo-simulators.js';
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
    .command('demo-simulators', { hidden: true })
    .description("the demo's simulators (Opa! Suite, SMS Dev, SMTP) for `avisa start --demo`: prints their addresses as one JSON line, stops when its parent does")
    .action(async () => {
      const sims = await startDemoSimulators();
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

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void sim.close().then(resolve, resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
