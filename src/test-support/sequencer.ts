/**
 * Longest files first, so the two workers do not end on a long one alone. Vitest orders by the durations it
 * cached, which a fresh clone (CI) does not have: it then runs the largest files first, and the suites that spawn
 * processes or generate a demo — short files, long runs — came last. They go first here; the rest keep Vitest's
 * order.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Measured in CI (each over 25 s), longest first. */
const LONG = [
  'test/cli/cli.test.ts',
  'test/queue/crash.test.ts',
  'test/cli/start-demo.test.ts',
  'src/db/copy.test.ts',
  'test/e2e/form-validation.test.ts',
  'src/app/agenda.test.ts',
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
