import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('installation configuration', () => {
  it('defaults the embedded buffer cache to 32MB and takes a size with its unit', () => {
    expect(loadConfig({}).AVISA_PGLITE_SHARED_BUFFERS).toBe('32MB');
    expect(loadConfig({ AVISA_PGLITE_SHARED_BUFFERS: '256MB' }).AVISA_PGLITE_SHARED_BUFFERS).toBe('256MB');
  });

  it('names the variable when a value is wrong', () => {
    expect(() => loadConfig({ AVISA_PGLITE_SHARED_BUFFERS: '32' })).toThrow(/AVISA_PGLITE_SHARED_BUFFERS: must be a size such as 32MB/);
    expect(() => loadConfig({ AVISA_TIMEZONE: 'Mars/Olympus' })).toThrow(/AVISA_TIMEZONE: is not an IANA time zone/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must start with postgres/);
  });
});
