/**
 * What the rest of Avisa records for Prometheus, as plain functions (no prom-client type leaves this folder): the
 * drain's send outcomes, the task runs that finished, the HTTP requests served and the RADIUS receiver's packet
 * counts. Each is a counter or histogram of this process (./registry.ts), cheap enough for a hot path: a label set
 * is resolved once and reused.
 */
import { Counter, Histogram } from 'prom-client';
import { processRegistry } from './registry.js';

const registers = [processRegistry];

const sends = new Counter({
  name: 'avisa_sends_total',
  help: 'Queue rows a drain of this process tried to send, by outcome: sent, failed (for good), retry (back to the queue with backoff), hold (provider refused the configuration or a quota; the row waits)',
  labelNames: ['channel', 'provider', 'integration', 'integration_name', 'outcome'] as const,
  registers,
});

/** The outcome of one send, as the drain records it (src/queue/complete.ts). */
export type SendOutcome = 'sent' | 'failed' | 'retry' | 'hold';

/**
 * The counter of one integration's sends: call it once per drained integration, then once per outcome. The labels
 * are the integration's id, description, kind and channel — never its settings or secret.
 */
export function sendCounter(integration: { id: number; description: string; kind: string; channel: string }): (outcome: SendOutcome) => void {
  const base = { channel: integration.channel, provider: integration.kind, integration: String(integration.id), integration_name: integration.description };
  const children = new Map<SendOutcome, { inc(): void }>();
  return (outcome) => {
    let child = children.get(outcome);
    if (!child) {
      child = sends.labels({ ...base, outcome });
      children.set(outcome, child);
    }
    child.inc();
  };
}

const taskRuns = new Counter({
  name: 'avisa_task_runs_total',
  help: 'Agenda de tarefas runs this process finished and recorded, by task type and status (succeeded, failed, abandoned)',
  labelNames: ['type', 'status'] as const,
  registers,
});

export function countTaskRun(type: string, status: string): void {
  taskRuns.inc({ type, status });
}

const httpDuration = new Histogram({
  name: 'avisa_http_request_duration_seconds',
  help: 'HTTP requests served by this process, by method, matched route pattern ("none": no route matched) and status class',
  labelNames: ['method', 'route', 'status_class'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers,
});

/** One request: `route` is the pattern the router matched (`/api/batches/:id`), never the URL as sent. */
export function observeHttpRequest(method: string, route: string | undefined, status: number, seconds: number): void {
  httpDuration.observe({ method, route: route ?? 'none', status_class: `${Math.floor(status / 100)}xx` }, seconds);
}
