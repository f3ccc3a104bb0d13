import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { avisaBin, avisaEnv, avisaEnvSettings, avisaNodeFlags } from './launch.js';

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
});
