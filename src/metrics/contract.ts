/**
 * Prometheus metrics on the main HTTP server — the API contract (browser-safe). The answer is the Prometheus text
 * format, not JSON (the typed client offers its path, as for the CSV exports). The same text is served without
 * authentication by the management listener (AVISA_METRICS_LISTEN), which is not part of the API.
 */
import { endpoint } from '../shared/contract.js';

export const metricsContract = {
  scrape: endpoint({
    method: 'GET',
    path: '/metrics',
    access: 'admin',
    tags: ['system'],
    summary: 'Prometheus metrics (text format 0.0.4): queue depth, sends, task runs, RADIUS packets, open incidents, HTTP latency, process',
    description:
      'For a Prometheus scraping with an admin API token (`authorization: Bearer avisa_…`). Without exposing a token, set AVISA_METRICS_LISTEN to serve the same text on a management address without authentication.',
    responses: {},
  }),
};
