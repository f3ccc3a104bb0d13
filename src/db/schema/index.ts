export * from './access.js';
export * from './lookups.js';
export * from './report.js';
export * from './subscribers.js';
