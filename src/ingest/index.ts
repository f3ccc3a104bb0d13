/** Getting subscribers in: IXC exports (CSV/JSON) through `importFile`, and the demo ISP through `generateDemo`. */
export { type DemoOptions, type DemoSummary, generateDemo } from './demo/generate.js';
export { fillClientContacts } from './derived.js';
export { foldForSearch } from './fold.js';
export { DEFAULT_BATCH_SIZE, type ImportEntity, type ImportOptions, importFile, importStream, type StreamImportOptions } from './import.js';
export { type EntityName, entities, isSecretField } from './ixc-fields.js';
export type { SourceEncoding, SourceFormat } from './readers/source.js';
export { formatImportSummary, type ImportSummary } from './summary.js';
export { formatRowError, type RowError } from './validate.js';
