/**
 * The management listener of `avisa serve` and `avisa worker` (and `avisa radius`): GET /metrics without
 * authentication on AVISA_METRICS_LISTEN, or nothing when it is unset (the default).
 */
import type { Config } from '../config/config.js';
import type { Db } from '../db/database.js';
import { type MetricsListener, type MetricsListenerLogger, startMetricsListener } from '../metrics/listener.js';

export async function startConfiguredMetrics(config: Pick<Config, 'AVISA_METRICS_LISTEN'>, db: Db, logger: MetricsListenerLogger): Promise<MetricsListener | null> {
  return config.AVISA_METRICS_LISTEN ? startMetricsListener(db, config.AVISA_METRICS_LISTEN, logger) : null;
}
