import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { avisaBin, avisaNodeFlags } from './launch.js';

describe('the avisa command as launched', () => {
  it('reads the memory profile from the shebang line', () => {
    expect(avisaNodeFlags()).toEqual(['--max-old-space-size=1024', '--max-semi-space-size=4', '--v8-pool-size=1']);
  });

  it('runs with that profile when executed as a program (a 1 GB heap ceiling, not V8’s default of a quarter of RAM)', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the probe is the child process's source; the template is its own.
    const probe = 'import v8 from "node:v8"; process.stderr.write(`heap-limit-mb=${Math.round(v8.getHeapStatistics().heap_size_limit / 1048576)}\\n`);';
    const run = spawnSync(avisaBin, ['--version'], {
      encoding: 'utf8',
      // The shebang finds `node` on PATH: this one (Node 26), as under npm scripts.
      env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(probe)}` },
    });
    expect(run.status).toBe(0);
    const limitMb = Number(/heap-limit-mb=(\d+)/.exec(run.stderr)?.[1]);
    expect(limitMb).toBeGreaterThan(1000);
    expect(limitMb).toBeLessThan(1100);
  });
});
