/**
 * The process's Prometheus registry (prom-client): the counters this process increments (./instruments.ts) and,
 * once anything is scraped, Node's default process metrics (memory, CPU, event loop lag, GC). Only this folder
 * touches prom-client; the rest of Avisa records through ./instruments.ts and reads through ./exposition.ts.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

/** @package */
export const processRegistry = new Registry();

let defaultsOn = false;

/** @package The registry with Node's default metrics turned on (from the first scrape or listener on). */
export function withProcessMetrics(): Registry {
  if (!defaultsOn) {
    defaultsOn = true;
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}
