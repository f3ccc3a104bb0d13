export * from './access.js';
export * from './lookups.js';
export * from './report.js';
export * from './subscribers.js';
export * from './messaging.js';
export * from './queue.js';
export * from './tasks.js';
export * from './sources.js';
