/**
 * Real-time incident passes in a process that applies status changes (the RADIUS receiver): `poke()` after each
 * committed batch runs a pass at most once per `minIntervalMs`, one at a time; and one more pass once the shortest
 * hold-down has passed since the last poke (drops too recent to count at first count then). On a database with one
 * connection (PGlite) a pass holds back the writer that pokes it: with `yieldFactor` k, the next pass starts no
 * sooner than k times the last one's duration after it began, so the writer keeps at least (k−1)/k of the time.
 */
import type { Db } from '../db/database.js';
import type { Logger } from '../log/logger.js';
import { runIncidentPass } from './lifecycle.js';
import { loadRules } from './rules.js';

export interface IncidentWatcher {
  poke(): void;
  stop(): Promise<void>;
}

export function watchIncidents(
  db: Db,
  options: { timezone: string; logger?: Logger; minIntervalMs?: number; yieldFactor?: number },
): IncidentWatcher {
  const minInterval = options.minIntervalMs ?? 1_000;
  const yieldFactor = options.yieldFactor ?? 0;
  let lastDuration = 0;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let lastAt = 0;
  let soon: NodeJS.Timeout | null = null;
  let followUp: NodeJS.Timeout | null = null;
  let holdDownMs = 120_000;

  async function pass(): Promise<void> {
    lastAt = Date.now();
    const started = performance.now();
    try {
      const r = await runIncidentPass(db, { timezone: options.timezone });
      if (r.opened.length + r.confirmed.length + r.restored.length > 0) {
        options.logger?.info({ opened: r.opened.map((o) => o.id), confirmed: r.confirmed, restored: r.restored, queued: r.queued }, 'incidents');
      }
      holdDownMs = Math.min(...(await loadRules(db)).map((rule) => rule.holdDownSeconds)) * 1_000;
    } catch (err) {
      options.logger?.warn({ err }, 'incident pass failed');
    }
    lastDuration = performance.now() - started;
  }

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    const wait = lastAt + Math.max(minInterval, yieldFactor * lastDuration) - Date.now();
    if (wait > 0) {
      soon ??= setTimeout(() => {
        soon = null;
        run();
      }, wait);
      return;
    }
    again = false;
    running = pass().finally(() => {
      running = null;
      if (again) run();
    });
  }

  return {
    poke() {
      if (stopped) return;
      run();
      if (followUp) clearTimeout(followUp);
      followUp = setTimeout(() => {
        followUp = null;
        run();
      }, holdDownMs + 1_000);
      followUp.unref();
    },
    async stop() {
      stopped = true;
      if (soon) clearTimeout(soon);
      if (followUp) clearTimeout(followUp);
      await running;
    },
  };
}
