// Tests must run on the project's Node (npm scripts put node_modules/.bin first on PATH), never the machine's.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) throw new Error(`Tests run on Node ${process.versions.node}; run them through npm scripts (Node 26).`);
