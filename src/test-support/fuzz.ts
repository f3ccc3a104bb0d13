/**
 * Bounded fuzzing inside the unit suite (fast-check). Every property runs a few cases within a time budget, with
 * a new random seed each run; a failure is shrunk and reported with its seed and path (fast-check's message).
 *
 * - `FUZZ_RUNS=N` runs N cases of every property, without the time budget or the test's timeout: a longer
 *   campaign on a developer's machine (`FUZZ_RUNS=5000 npx vitest run src/ingest/readers`).
 * - `FUZZ_SEED=<seed> FUZZ_PATH=<path> npx vitest run <file> -t '<test>'` replays the failure a report printed
 *   (its shrunk counterexample at once).
 */
import vm from 'node:vm';
import fc from 'fast-check';

function positiveInt(text: string | undefined): number | undefined {
  const n = Number(text);
  return text && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

const campaignRuns = positiveInt(process.env.FUZZ_RUNS);
const replaySeed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

export interface FuzzBudget {
  /** Cases per suite run (CI). */
  runs: number;
  /** Time after which the property stops generating cases (it passes if none failed). */
  budgetMs: number;
  /** Time one async case may take before it counts as a failure (a hang); synchronous code cannot be cut short. */
  caseMs?: number;
}

/** fast-check's parameters for a property of this budget (or of the campaign or replay the environment asks for). */
export function fuzzParameters<T>({ runs, budgetMs, caseMs }: FuzzBudget): fc.Parameters<T> {
  const plugins: fc.UniversalPlugin[] = [];
  if (caseMs !== undefined) plugins.push(fc.timeout(caseMs));
  if (campaignRuns === undefined) plugins.push(fc.interruptAfterTimeLimit(budgetMs));
  return {
    numRuns: campaignRuns ?? runs,
    plugins,
    ...(replaySeed === undefined ? {} : { seed: replaySeed, path: process.env.FUZZ_PATH, endOnFailure: true }),
  };
}

const guard = vm.createContext({ run: (): unknown => undefined, result: undefined as unknown });
const guardScript = new vm.Script('result = run()');

/**
 * Runs synchronous `fn`, interrupted after `ms` (a loop that never ends throws "Script execution timed out" instead
 * of hanging the suite): fast-check's `caseMs` cannot stop synchronous code, V8 can. About 0.3 ms a call.
 */
export function bounded<T>(fn: () => T, ms = 1_000): T {
  guard.run = fn;
  try {
    guardScript.runInContext(guard, { timeout: ms });
    return guard.result as T;
  } finally {
    guard.run = () => undefined;
    guard.result = undefined;
  }
}

/** The timeout of a fuzz test (`it(name, fn, fuzzTimeout)`): the suite's default, none in a campaign. */
export const fuzzTimeout: number | undefined = campaignRuns === undefined ? undefined : 0;

/**
 * Bytes cut into pieces at random points (inside a multi-byte character, a CRLF or an escape alike), as a
 * stream delivers them: the reader must give the same result as from one piece.
 */
export function chunked(bytes: Uint8Array): fc.Arbitrary<Uint8Array[]> {
  return fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, bytes.length - 1) }), { maxLength: 12 }).map((cuts) => {
    const points = [0, ...cuts.filter((c) => c < bytes.length).sort((a, b) => a - b), bytes.length];
    const pieces: Uint8Array[] = [];
    for (let i = 1; i < points.length; i++) pieces.push(bytes.subarray(points[i - 1], points[i]));
    return pieces;
  });
}

/** The pieces as the async stream an HTTP upload is. */
export async function* streamOf(pieces: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const piece of pieces) yield piece;
}

export interface Mutated {
  bytes: Buffer;
  /** Offset of the first byte changed: what comes before it is the original's. */
  firstChange: number;
}

/**
 * `bytes` changed in one to three places: `snippets` (or random bytes) inserted, a range deleted, or the rest cut
 * off (a truncated upload).
 */
export function mutated(bytes: Buffer, snippets: readonly (string | Buffer)[]): fc.Arbitrary<Mutated> {
  const at = fc.nat({ max: bytes.length });
  const insert = fc.record({
    kind: fc.constant('insert' as const),
    at,
    what: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...snippets).map((s) => (typeof s === 'string' ? Buffer.from(s) : s)) },
      { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 8 }).map((b) => Buffer.from(b)) },
    ),
  });
  const remove = fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 16 }) });
  const cut = fc.record({ kind: fc.constant('truncate' as const), at });
  return fc.array(fc.oneof(insert, remove, cut), { minLength: 1, maxLength: 3 }).map((changes) => {
    let out = bytes;
    let firstChange = bytes.length;
    for (const change of changes) {
      const offset = Math.min(change.at, out.length);
      if (change.kind === 'insert') out = Buffer.concat([out.subarray(0, offset), change.what, out.subarray(offset)]);
      else if (change.kind === 'delete') out = Buffer.concat([out.subarray(0, offset), out.subarray(offset + change.length)]);
      else out = out.subarray(0, offset);
      firstChange = Math.min(firstChange, offset);
    }
    return { bytes: out, firstChange };
  });
}
