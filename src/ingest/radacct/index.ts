/** FreeRADIUS `radacct` reader: settings, source creation and the sync. */
export { parseRadacctConfig, splitPassword, type RadacctConfig } from './config.js';
export { connectRadacct, type RadacctReader, type RadacctRow } from './reader.js';
export { addRadacctSource, radacctConfigParser } from './source.js';
export { type RadacctCursor, syncAllRadacct, syncRadacctSource } from './sync.js';
