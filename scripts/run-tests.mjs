// Runs the whole vitest suite and ends with the plain totals line CI reads: `N passed, N failed[, N skipped]`.
// With TEST_DATABASE_POOLER_URL set (a PgBouncer in transaction pooling mode in front of TEST_DATABASE_URL's server,
// as .ci/run starts one), the modules' own tests run a second time with every PostgreSQL database reached through
// it, PostgreSQL only (src/test-support/databases.ts); the first pass reaches the server directly.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const { TEST_DATABASE_POOLER_URL: pooler, ...direct } = process.env;
const passes = [{ label: 'every test', env: direct, args: [] }];
if (pooler && process.env.TEST_DATABASE_URL) {
  passes.push({ label: 'the modules’ tests through PgBouncer', env: { ...direct, TEST_DATABASE_POOLER_URL: pooler }, args: ['--project', 'src'] });
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;
for (const pass of passes) {
  const report = '.vitest-report.json';
  rmSync(report, { force: true });
  if (passes.length > 1) console.log(`\n# ${pass.label}\n`);
  const run = spawnSync(
    'vitest',
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...pass.args, ...process.argv.slice(2)],
    { stdio: 'inherit', env: pass.env },
  );
  if (run.error) {
    console.error(`could not start vitest: ${run.error.message}`);
    process.exit(1);
  }
  const counts = countsOf(report);
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  ok &&= run.status === 0 && counts.failed === 0 && counts.passed > 0;
}
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);

function countsOf(report) {
  if (!existsSync(report)) return { passed: 0, failed: 1, skipped: 0 };
  const json = JSON.parse(readFileSync(report, 'utf8'));
  const passed = json.numPassedTests ?? 0;
  let failed = (json.numFailedTests ?? 0) + (json.numRuntimeErrorTestSuites ?? 0);
  const skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  // A test file that failed outside its tests (it crashed before they ran, a hook threw and they were skipped)
  // counts as a failure too.
  failed += (json.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  return { passed, failed, skipped };
}
