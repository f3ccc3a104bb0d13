/**
 * `avisa sync ixc` (one run per active IXC source, or `--source <id>`), `avisa source add-ixc|list|runs`, and
 * `avisa ixc-sim` (the local IXC webservice simulator, for trying the sync without an IXC server). The token is
 * taken from `--token`, or from stdin with `--token-stdin` (kept out of shell history); it is never printed.
 * Exit codes of `sync ixc`: 1 when a run failed, 2 when records were rejected.
 */
import type { Command } from 'commander';
import { secretKeyOf } from '../app/runtime.js';
import { recordAudit } from '../audit/audit.js';
import { vacuumAnalyze } from '../db/maintenance.js';
import { parseSourceConfig, prepareSourceInput } from '../ingest/ixc-sync/config.js';
import { formatRecordError, type IxcSyncResult, runIxcSync } from '../ingest/ixc-sync/engine.js';
import { DEFAULT_IXC_SIM_USER, type IxcSimulator, startIxcSimulator } from '../ingest/ixc-sync/simulator.js';
import { createSource, getSource, listRuns, listSources } from '../ingest/sources.js';
import { CliError, say, withDatabase } from './context.js';

interface AddIxcOptions {
  description: string;
  url: string;
  userId?: string;
  token?: string;
  tokenStdin?: boolean;
  insecureTls?: boolean;
  pageSize?: string;
  inactive?: boolean;
}

const whole = (text: string, flag: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag} must be a positive whole number, not "${text}"`);
  return n;
};

export function registerSyncCommands(program: Command): void {
  const sync = program.command('sync').description('synchronise subscribers and login status from a source');
  sync
    .command('ixc')
    .description('read IXC Provedor through its webservice (incremental unless --full; resumes a failed run)')
    .option('--full', 'read every record, not only those changed since the last run')
    .option('--source <id>', 'only this source (default: every active IXC source)')
    .option('--restart', 'do not resume a failed run: start afresh')
    .action(async (opts: { full?: boolean; source?: string; restart?: boolean }) => {
      const exitCode = await withDatabase(async ({ db }, config) => {
        const ids = opts.source
          ? [whole(opts.source, '--source')]
          : (await listSources(db, { kind: 'ixc', active: true })).map((s) => s.id);
        if (ids.length === 0) throw new CliError('no active IXC source; add one with `avisa source add-ixc`');
        let code = 0;
        for (const sourceId of ids) {
          const source = await getSource(db, sourceId);
          say(`${source.description} (source ${sourceId}): ${opts.full ? 'full' : 'incremental'} sync…`);
          const result = await runIxcSync(db, {
            sourceId,
            mode: opts.full ? 'full' : 'incremental',
            secretKey: secretKeyOf(config),
            timezone: config.AVISA_TIMEZONE,
            resume: !opts.restart,
            onProgress: progressLine(),
          });
          if (process.stderr.isTTY) process.stderr.write('\n');
          say(formatSyncResult(result));
          await recordAudit(db, { name: 'cli' }, 'source.sync', {
            entity: 'status_source',
            entityId: sourceId,
            details: { runId: result.runId, mode: opts.full ? 'full' : 'incremental', status: result.status, counts: result.counts },
          });
          code = Math.max(code, result.status === 'failed' ? 1 : result.rejected.length > 0 ? 2 : 0);
        }
        await vacuumAnalyze(db);
        return code;
      });
      if (exitCode > 0) process.exitCode = exitCode;
    });

  const source = program.command('source').description('status sources: IXC webservice, RADIUS accounting, radacct');
  source
    .command('add-ixc')
    .description('add an IXC Provedor webservice source (the token is sealed, never shown again)')
    .requiredOption('--description <text>', 'a name, e.g. "IXC Matriz"')
    .requiredOption('--url <url>', 'the IXC address, e.g. https://ixc.provedor.com.br')
    .option('--user-id <id>', 'id of the IXC webservice user (optional when the token is pasted as <id>:<token>)')
    .option('--token <token>', 'the webservice token')
    .option('--token-stdin', 'read the token from standard input instead')
    .option('--insecure-tls', 'accept a self-signed or expired certificate')
    .option('--page-size <n>', 'records per request (rp), at most 1000', '1000')
    .option('--inactive', 'add it switched off')
    .action(async (opts: AddIxcOptions) => {
      const token = opts.tokenStdin ? await readStdin() : opts.token;
      if (!token?.trim()) throw new CliError('give the token with --token or --token-stdin');
      await withDatabase(async ({ db }, config) => {
        const input = prepareSourceInput('ixc', {
          kind: 'ixc' as const,
          description: opts.description,
          config: {
            url: opts.url,
            ...(opts.userId ? { userId: opts.userId } : {}),
            insecureTls: Boolean(opts.insecureTls),
            pageSize: whole(opts.pageSize ?? '1000', '--page-size'),
          },
          secret: token,
          active: !opts.inactive,
        });
        if (input.config.userId === undefined) throw new CliError('give --user-id, or paste the token as <id>:<token>');
        const created = await createSource(db, secretKeyOf(config), input, { parseConfig: parseSourceConfig });
        await recordAudit(db, { name: 'cli' }, 'source.create', {
          entity: 'status_source',
          entityId: created.id,
          details: { kind: 'ixc', description: created.description, config: created.config, secretChanged: true },
        });
        say(`Source ${created.id} "${created.description}" added (${String(created.config.url)}). Run: avisa sync ixc --source ${created.id} --full`);
      });
    });

  source
    .command('list')
    .description('list the status sources and their last run')
    .action(async () => {
      await withDatabase(async ({ db }) => {
        const sources = await listSources(db);
        if (sources.length === 0) say('No sources.');
        for (const s of sources) {
          const run = s.lastRun;
          const last = run ? `last run ${run.id} ${run.mode} ${run.status} at ${run.startedAt.toISOString()}` : 'never run';
          say(`${String(s.id).padStart(4)}  ${s.kind.padEnd(7)}  ${s.active ? 'active  ' : 'inactive'}  ${s.description}  (${last})`);
        }
      });
    });

  source
    .command('runs <id>')
    .description('the run history of a source, newest first')
    .option('--limit <n>', 'how many', '20')
    .action(async (id: string, opts: { limit: string }) => {
      await withDatabase(async ({ db }) => {
        for (const run of await listRuns(db, whole(id, 'id'), { limit: whole(opts.limit, '--limit') })) {
          const counts = Object.values(run.counts);
          const read = counts.reduce((n, c) => n + c.read, 0);
          const rejected = counts.reduce((n, c) => n + c.rejected, 0);
          say(`${run.id}  ${run.startedAt.toISOString()}  ${run.mode.padEnd(11)}  ${run.status.padEnd(9)}  read ${read}, rejected ${rejected}`);
          if (run.error) say(`    ${run.error.split('\n').join('\n    ')}`);
        }
      });
    });

  program
    .command('ixc-sim')
    .description('run a local IXC Provedor webservice simulator seeded with the demo ISP')
    .option('--port <port>', 'TCP port', '8788')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--logins <n>', 'logins of the demo ISP', '2000')
    .option('--seed <n>', 'random seed', '1')
    .option('--user-id <id>', 'the webservice user id it accepts', DEFAULT_IXC_SIM_USER)
    .option('--token <token>', 'the token it accepts (default: the simulator\'s built-in token)')
    .action(async (opts: { port: string; host: string; logins: string; seed: string; userId: string; token?: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a number from 0 to 65535, not "${opts.port}"`);
      let sim: IxcSimulator;
      try {
        sim = await startIxcSimulator({
          port,
          host: opts.host,
          userId: opts.userId,
          ...(opts.token ? { token: opts.token } : {}),
          seed: { logins: whole(opts.logins, '--logins'), seed: Number(opts.seed) },
        });
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'EADDRINUSE') throw new CliError(`${opts.host}:${port} is already in use; choose another --port`);
        throw err;
      }
      const token = opts.token ? 'the token given with --token' : 'the built-in token (DEFAULT_IXC_SIM_TOKEN in src/ingest/ixc-sync/simulator.ts)';
      say(`IXC webservice simulator at ${sim.url}  (user id ${sim.userId}, ${token}; Ctrl+C stops it)`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void sim.close().then(resolve, resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

function formatSyncResult(result: IxcSyncResult): string {
  const lines = [`Run ${result.runId}: ${result.status}${result.resumedFrom ? ` (resumed run ${result.resumedFrom})` : ''}`];
  for (const [table, c] of Object.entries(result.counts)) {
    lines.push(`  ${table.padEnd(20)} read ${String(c.read).padStart(8)}  written ${String(c.written).padStart(8)}  rejected ${c.rejected}`);
  }
  if (result.status === 'failed') lines.push(`Error: ${result.error ?? 'unknown'}`);
  const shown = result.rejected.slice(0, 50);
  if (shown.length > 0) lines.push('Rejected:', ...shown.map((e) => `  ${formatRecordError(e)}`));
  if (result.rejected.length > shown.length) lines.push(`  … and ${result.rejected.length - shown.length} more`);
  return lines.join('\n');
}

function progressLine() {
  let last = 0;
  return (p: { table: string; read: number; total: number }) => {
    const now = Date.now();
    if (now - last < 500 || !process.stderr.isTTY) return;
    last = now;
    process.stderr.write(`\r  ${p.table}: ${p.read.toLocaleString('pt-BR')} read   `);
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}
