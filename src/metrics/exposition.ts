/**
 * A scrape: the process's own metrics (./registry.ts: counters, histograms, Node's default metrics) followed by
 * the cluster-wide figures read from the database (./cluster.ts), in the Prometheus text format. The database part
 * is bounded in time; when it fails or is late, the scrape still answers with the process's metrics and
 * `avisa_metrics_database_up 0`. Scrapes that arrive while a read is under way share it (two scrapers cost one
 * read, and a slow database is not asked again and again).
 */
import { Gauge, Registry } from 'prom-client';
import { answerWithin } from '../db/availability.js';
import type { Db } from '../db/database.js';
import { type ClusterFigures, DEPTH_CAP, readClusterFigures } from './cluster.js';
import { withProcessMetrics } from './registry.js';
// Part of every scrape, whether or not this process drains, serves HTTP or runs a receiver (0 then).
import './instruments.js';
import './radius.js';

export interface Scrape {
  contentType: string;
  text: string;
}

export interface ScrapeOptions {
  /** How long the database part may take (default 5 s; Prometheus' default scrape timeout is 10 s). */
  timeoutMs?: number;
  /** Told why the database part is missing from a scrape. */
  onDatabaseError?: (err: unknown) => void;
}

const cap = DEPTH_CAP.toLocaleString('en');
const underWay = new WeakMap<Db, Promise<ClusterFigures>>();

function figuresOf(db: Db, timeoutMs: number): Promise<ClusterFigures> {
  let read = underWay.get(db);
  if (!read) {
    // The server gives up at the statement timeout; the scrape does not wait for a client that cannot cancel.
    read = answerWithin(readClusterFigures(db, { timeoutMs }), timeoutMs + 500);
    underWay.set(db, read);
    const done = () => underWay.delete(db);
    read.then(done, done);
  }
  return read;
}

function clusterRegistry(figures: ClusterFigures | null, seconds: number): Registry {
  const registry = new Registry();
  const registers = [registry];
  new Gauge({
    name: 'avisa_metrics_database_up',
    help: 'Whether this scrape could read the cluster-wide figures (queue depth, open incidents) from the database in time',
    registers,
  }).set(figures ? 1 : 0);
  new Gauge({ name: 'avisa_metrics_database_seconds', help: 'How long reading the cluster-wide figures took in this scrape', registers }).set(seconds);
  if (!figures) return registry;
  const depth = new Gauge({
    name: 'avisa_queue_depth',
    help: `Queue rows still to send, cluster-wide, by channel and state (pending, claimed, sending); exact up to ${cap} per integration and state, a lower bound beyond (see avisa_queue_depth_capped)`,
    labelNames: ['channel', 'state'] as const,
    registers,
  });
  const capped = new Gauge({
    name: 'avisa_queue_depth_capped',
    help: `1 when avisa_queue_depth of this channel and state stopped counting at ${cap} rows of an integration (the depth is at least the figure shown)`,
    labelNames: ['channel', 'state'] as const,
    registers,
  });
  for (const { channel, state, rows, capped: isCapped } of figures.queueDepth) {
    depth.set({ channel, state }, rows);
    capped.set({ channel, state }, isCapped ? 1 : 0);
  }
  const incidents = new Gauge({
    name: 'avisa_incidents_open',
    help: 'Open incidents, cluster-wide, by element kind (nas, pop, box, manual) and state (suspected, confirmed, restored)',
    labelNames: ['kind', 'state'] as const,
    registers,
  });
  for (const { kind, state, incidents: n } of figures.openIncidents) incidents.set({ kind, state }, n);
  return registry;
}

/** One scrape in the Prometheus text format. */
export async function scrapeMetrics(db: Db, options: ScrapeOptions = {}): Promise<Scrape> {
  const processRegistry = withProcessMetrics();
  const started = performance.now();
  const figures = await figuresOf(db, options.timeoutMs ?? 5_000).catch((err: unknown) => {
    options.onDatabaseError?.(err);
    return null;
  });
  const cluster = clusterRegistry(figures, (performance.now() - started) / 1000);
  const text = `${await processRegistry.metrics()}${await cluster.metrics()}`;
  return { contentType: processRegistry.contentType, text };
}
