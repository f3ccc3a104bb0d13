/**
 * Longest files first, so the two workers do not end on a long one alone. Vitest orders by the durations it
 * cached, which a fresh clone (CI) does not have: it then runs the largest files first, and the suites that spawn
 * processes or generate a demo — short files, long runs — came last. They go first here; the rest keep Vitest's
 * order.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Measured in CI (each over 15 s; 2026-12-07, the whole suite on a 2-core machine), longest first. */
const LONG = [
  'test/scale/chaos.test.ts',
  'test/queue/crash.test.ts',
  'test/cli/cli.test.ts',
  'test/e2e/cloudapi.test.ts',
  'test/e2e/form-validation.test.ts',
  'test/cli/start-demo.test.ts',
  'test/queue/graceful.test.ts',
  'src/http/access-matrix.test.ts',
  'test/e2e/send-safety.test.ts',
];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const i = LONG.indexOf(relative(process.cwd(), spec.moduleId).split('\\').join('/'));
      return i < 0 ? LONG.length : i;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
