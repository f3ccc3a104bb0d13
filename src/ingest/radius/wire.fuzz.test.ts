/**
 * Bounded fuzzing of the RADIUS accounting decoder (wire.ts) and what reads its result (events.ts): random
 * datagrams, signed packets with random attributes, and those packets cut, padded, or lying about a length.
 * The decoder answers `{ ok: false, reason }` for anything malformed; it never throws and never loops (each call
 * is interrupted after a second: `bounded`). `FUZZ_RUNS=N` runs longer (src/test-support/fuzz.ts).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bounded, fuzzParameters, fuzzTimeout } from '../../test-support/fuzz.js';
import { interpretRequest } from './events.js';
import { bytes, model, PROXY_STATE, packet, sign } from './fuzz-packets.test-support.js';
import {
  type AccountingRequest,
  encodeAccountingResponse,
  type ParseResult,
  parseAccountingRequest,
  verifyAccountingRequest,
} from './wire.js';

const SECRET = 'bras-secret-1';

const parse = (datagram: Buffer): ParseResult => bounded(() => parseAccountingRequest(datagram));

/** What holds of any request the decoder accepts, and of everything downstream of it. */
function checkAccepted(request: AccountingRequest, datagram: Buffer): void {
  expect(request.packet.length).toBe(datagram.readUInt16BE(2));
  expect(request.packet.length).toBeGreaterThanOrEqual(20);
  expect(request.packet.length).toBeLessThanOrEqual(4096);
  expect(request.packet.equals(datagram.subarray(0, request.packet.length))).toBe(true);
  expect(request.authenticator.equals(datagram.subarray(4, 20))).toBe(true);
  for (const [name, v] of Object.entries(request.attributes)) {
    if (v === undefined) continue; // an empty or unreadable string: absent
    if (typeof v === 'number') expect(Number.isInteger(v) && v >= 0 && v <= 0xffffffff, name).toBe(true);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: what a decoded string may not hold.
    else expect(v, name).toMatch(/^[^\u0000-\u001f\u007f]+$/);
  }
  bounded(() => verifyAccountingRequest(request, SECRET));
  const response = bounded(() => encodeAccountingResponse(request, SECRET));
  expect([response[0], response[1], response.readUInt16BE(2)]).toEqual([5, request.identifier, response.length]);
  const meaning = bounded(() => interpretRequest(request, 11, Date.now()));
  if ('event' in meaning) expect(Number.isFinite(meaning.event.at)).toBe(true);
  else expect(meaning.ignored).not.toBe('');
}

describe('RADIUS accounting decoder (fuzzed)', () => {
  it('decodes a signed packet with random attributes as RFC 2865 reads it, verifies it and answers it', () => {
    fc.assert(
      fc.property(packet, (p) => {
        const datagram = sign(p, SECRET);
        const result = parse(datagram);
        const expected = model(p.attributes);
        if (!expected) {
          expect(result.ok).toBe(false);
          return;
        }
        if (!result.ok) throw new Error(`refused: ${result.reason}`);
        const { request } = result;
        expect(request).toMatchObject({ code: 4, identifier: p.identifier, attributes: expected.attributes, proxyStates: expected.proxyStates });
        checkAccepted(request, datagram);
        expect(verifyAccountingRequest(request, SECRET)).toBe(true);
        expect(verifyAccountingRequest(request, `${SECRET}x`)).toBe(false);
        // RFC 2866 §3 (the `radius` package cannot be the judge here: it throws on attributes it cannot read).
        const response = encodeAccountingResponse(request, SECRET);
        const signed = Buffer.concat([response.subarray(0, 4), datagram.subarray(4, 20), response.subarray(20)]);
        expect(createHash('md5').update(signed).update(SECRET).digest().equals(response.subarray(4, 20))).toBe(true);
        expect(response.subarray(20)).toEqual(Buffer.concat(expected.proxyStates.map((v) => Buffer.concat([Buffer.from([PROXY_STATE, v.length + 2]), v]))));
      }),
      fuzzParameters({ runs: 200, budgetMs: 1_000 }),
    );
  }, fuzzTimeout);

  it('refuses a cut, padded or length-lying packet without throwing, and never verifies one altered within its Length', () => {
    const change = fc.oneof(
      fc.record({ kind: fc.constant('length' as const), value: fc.nat(0xffff) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('pad' as const), more: bytes(16).filter((b) => b.length > 0) }),
      fc.record({ kind: fc.constant('octet' as const), at: fc.nat(), value: fc.nat(255) }),
    );
    fc.assert(
      fc.property(packet, fc.array(change, { minLength: 1, maxLength: 3 }), (p, changes) => {
        const original = sign(p, SECRET);
        let datagram = Buffer.from(original);
        for (const c of changes) {
          if (c.kind === 'length' && datagram.length >= 4) datagram.writeUInt16BE(c.value, 2);
          else if (c.kind === 'cut') datagram = datagram.subarray(0, c.at % (datagram.length + 1));
          else if (c.kind === 'pad') datagram = Buffer.concat([datagram, c.more]);
          else if (c.kind === 'octet' && datagram.length > 0) datagram[c.at % datagram.length] = c.value;
        }
        const result = parse(datagram);
        if (!result.ok) {
          expect(result.reason).not.toBe('');
          return;
        }
        checkAccepted(result.request, datagram);
        // The authenticator covers every octet up to Length: only the very packet signed (padding aside) verifies.
        expect(verifyAccountingRequest(result.request, SECRET)).toBe(result.request.packet.equals(original));
      }),
      fuzzParameters({ runs: 300, budgetMs: 1_000 }),
    );
  }, fuzzTimeout);

  it('refuses or reads any datagram without throwing', () => {
    const headerShaped = fc
      .tuple(fc.nat(255), fc.nat(255), bytes(16), bytes(600))
      .map(([code, id, auth, rest]) => {
        const d = Buffer.concat([Buffer.from([code, id, 0, 0]), auth, Buffer.alloc(16 - auth.length), rest]);
        d.writeUInt16BE(Math.min(d.length, 0xffff), 2);
        return d;
      });
    fc.assert(
      fc.property(fc.oneof(bytes(5000), headerShaped), (datagram) => {
        const result = parse(datagram);
        if (result.ok) checkAccepted(result.request, datagram);
        else expect(result.reason).not.toBe('');
      }),
      fuzzParameters({ runs: 300, budgetMs: 1_000 }),
    );
  }, fuzzTimeout);
});
