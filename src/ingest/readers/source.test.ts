/**
 * The bytes of a file decode to the same text however they arrive in pieces: a BOM is dropped only when it is the
 * file's first character. Node 26's streaming TextDecoder dropped a later U+FEFF when the first piece ended inside
 * invalid bytes before it; csv.fuzz.test.ts found it (EF | BB EF BB BF BF "id").
 */
import { describe, expect, it } from 'vitest';
import { decodeFile } from './source.js';

async function decode(pieces: readonly number[][]): Promise<string> {
  let text = '';
  const input = (async function* () {
    for (const p of pieces) yield Uint8Array.from(p);
  })();
  for await (const chunk of decodeFile(input, 'utf8')) text += chunk;
  return text;
}

describe('decodeFile', () => {
  const bytes = [0xef, 0xbb, 0xef, 0xbb, 0xbf, 0xbf, 0x69, 0x64]; // invalid, BOM, invalid, "id"

  it('gives the same text for every split of the bytes', async () => {
    const whole = await decode([bytes]);
    expect(whole).toBe('\uFFFD\uFEFF\uFFFDid');
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await decode([bytes.slice(0, cut), bytes.slice(cut)])).toBe(whole);
    }
  });

  it('drops a BOM at the start of the file, even split byte by byte', async () => {
    const file = [0xef, 0xbb, 0xbf, 0x69, 0x64];
    expect(await decode([file])).toBe('id');
    expect(await decode(file.map((b) => [b]))).toBe('id');
    expect(await decode([[], [0xef, 0xbb], [0xbf, 0x69, 0x64]])).toBe('id');
  });
});
