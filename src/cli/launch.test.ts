import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { avisaBin, avisaEnv, avisaEnvSettings, avisaNodeFlags, LARGE_DEMO_FROM, largeDemoFlags } from './launch.js';

describe('the avisa command as launched', () => {
  it('reads the memory profile from the shebang line', () => {
    expect(avisaNodeFlags()).toEqual(['--max-old-space-size=1024', '--max-semi-space-size=4', '--v8-pool-size=1']);
    expect(avisaEnvSettings()).toEqual({ MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' });
    // A process started from Node code gets them over its own environment, as `env -S` gives them.
    expect(avisaEnv({ MALLOC_ARENA_MAX: '8', LOG_LEVEL: 'warn' })).toEqual({ MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', LOG_LEVEL: 'warn' });
  });

  it('runs with that profile when executed as a program (a 1 GB heap ceiling, not V8’s default of a quarter of RAM; glibc’s malloc settings)', () => {
    const probe =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the probe is the child process's source; the template is its own.
      'import v8 from "node:v8"; process.stderr.write(`heap-limit-mb=${Math.round(v8.getHeapStatistics().heap_size_limit / 1048576)} malloc=${process.env.MALLOC_ARENA_MAX},${process.env.MALLOC_MMAP_THRESHOLD_}\\n`);';
    const run = spawnSync(avisaBin, ['--version'], {
      encoding: 'utf8',
      // The shebang finds `node` on PATH: this one (Node 26), as under npm scripts.
      env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(probe)}` },
    });
    expect(run.status).toBe(0);
    const limitMb = Number(/heap-limit-mb=(\d+)/.exec(run.stderr)?.[1]);
    expect(limitMb).toBeGreaterThan(1000);
    expect(limitMb).toBeLessThan(1100);
    expect(run.stderr).toContain('malloc=2,131072'); // glibc reads them at the start of the process
  });

  it('gives a large demo on the embedded database a 16 MB young generation, once', () => {
    const profile = avisaNodeFlags();
    expect(largeDemoFlags(LARGE_DEMO_FROM, true, profile)).toEqual(['--max-semi-space-size=16']);
    expect(largeDemoFlags(LARGE_DEMO_FROM - 1, true, profile)).toBeNull(); // the npm start demo (20,000) stays as it is
    expect(largeDemoFlags(1_000_000, false, profile)).toBeNull(); // PostgreSQL: no gain measured
    expect(largeDemoFlags(1_000_000, true, [...profile, '--max-semi-space-size=16'])).toBeNull(); // the run again
    expect(largeDemoFlags(1_000_000, true, ['--max-semi-space-size=32'])).toBeNull();
    expect(largeDemoFlags(1_000_000, true, ['--max-semi-space-size=32', '--max-semi-space-size=4'])).toEqual(['--max-semi-space-size=16']);
  });

  it('runs `avisa demo` of 100,000 logins on the embedded database again with those flags, and exits as that run does', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the probe is the child process's source; the template is its own.
    const probe = 'process.stderr.write(`argv=${process.execArgv.join(" ")}\\n`);';
    const notADir = join(tmpdir(), `avisa-not-a-dir-${process.pid}`);
    writeFileSync(notADir, 'a file where the data directory should be');
    const { DATABASE_URL: _, ...env } = process.env; // the embedded database
    const run = spawnSync(avisaBin, ['demo', '--logins', String(LARGE_DEMO_FROM)], {
      encoding: 'utf8',
      env: {
        ...env,
        PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
        AVISA_DATA_DIR: notADir,
        NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(probe)}`,
      },
    });
    rmSync(notADir);
    const starts = run.stderr.split('\n').filter((line) => line.startsWith('argv='));
    expect(starts).toHaveLength(2);
    expect(starts[0]).not.toContain('--max-semi-space-size=16');
    expect(starts[1]).toContain('--max-semi-space-size=16');
    expect(run.status).not.toBe(0); // the data directory cannot be opened: the child says so and its code is the command's
    expect(run.stderr).toContain(`cannot open PGlite (embedded) in ${notADir}: AVISA_DATA_DIR is not a directory`);
  });
});
