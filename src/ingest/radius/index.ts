/** RADIUS accounting receiver: NAS secrets, the UDP receiver, and the order-safe status applier it shares with radacct. */
export { NasRegistry, setNasSecret } from './nas-registry.js';
export { RadiusReceiver, type ReceiverOptions, type ReceiverStats } from './receiver.js';
export { applyStatusBatch, type ApplyResult } from './status.js';
export { coalesce, type StatusBatch } from './coalesce.js';
export type { AccountingEvent, LoginEvent, NasEvent } from './events.js';
