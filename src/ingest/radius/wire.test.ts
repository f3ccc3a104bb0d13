import { describe, expect, it } from 'vitest';
import { accountingRequest, rawRequest, u32, verifyResponse } from './packets.test-support.js';
import { encodeAccountingResponse, parseAccountingRequest, verifyAccountingRequest } from './wire.js';

const secret = 'testing123';

function parse(packet: Buffer) {
  const result = parseAccountingRequest(packet);
  if (!result.ok) throw new Error(result.reason);
  return result.request;
}

describe('RADIUS accounting wire format', () => {
  const stop = accountingRequest(secret, 42, [
    ['User-Name', 'joao.silva'],
    ['Acct-Status-Type', 'Stop'],
    ['Acct-Session-Id', '81700012'],
    ['Acct-Session-Time', 3600],
    ['Acct-Terminate-Cause', 'Lost-Carrier'],
    ['Acct-Delay-Time', 2],
    ['Framed-IP-Address', '100.64.1.20'],
    ['NAS-IP-Address', '10.0.0.1'],
    ['NAS-Identifier', 'bras-centro'],
    ['Calling-Station-Id', 'AA:BB:CC:00:11:22'],
    ['Event-Timestamp', new Date('2026-11-20T10:00:00Z')],
    ['Proxy-State', Buffer.from('hop-1')],
    ['Vendor-Specific', 14988, [[8, Buffer.from('10M/10M')]]] as never,
  ]);

  it('reads what the `radius` package encodes, and checks the authenticator against the secret', () => {
    const request = parse(stop);
    expect(request).toMatchObject({ code: 4, identifier: 42 });
    expect(request.attributes).toEqual({
      userName: 'joao.silva',
      statusType: 2,
      sessionId: '81700012',
      sessionTime: 3600,
      terminateCause: 2,
      delayTime: 2,
      framedIp: '100.64.1.20',
      nasIp: '10.0.0.1',
      nasIdentifier: 'bras-centro',
      callingStationId: 'AA:BB:CC:00:11:22',
      eventTimestamp: Date.parse('2026-11-20T10:00:00Z') / 1000,
    });
    expect(verifyAccountingRequest(request, secret)).toBe(true);
    expect(verifyAccountingRequest(request, 'testing124')).toBe(false);
  });

  it('rejects a packet altered in any octet', () => {
    for (const offset of [1, 4, 19, 25, stop.length - 1]) {
      const altered = Buffer.from(stop);
      altered[offset] = altered[offset]! ^ 0x01;
      expect(verifyAccountingRequest(parse(altered), secret)).toBe(false);
    }
  });

  it('answers with an Accounting-Response the `radius` package verifies, Proxy-State echoed', () => {
    const request = parse(stop);
    const response = encodeAccountingResponse(request, secret);
    expect(response[0]).toBe(5);
    expect(response[1]).toBe(42);
    expect(response.subarray(20).toString('latin1')).toBe('\x21\x07hop-1');
    expect(verifyResponse(stop, response, secret)).toBe(true);
    expect(verifyResponse(stop, response, 'other')).toBe(false);
  });

  it('ignores octets after Length (RFC 2865 §3) but refuses a packet shorter than its Length', () => {
    const padded = Buffer.concat([stop, Buffer.from([0xde, 0xad])]);
    const request = parse(padded);
    expect(request.packet.length).toBe(stop.length);
    expect(verifyAccountingRequest(request, secret)).toBe(true);
    expect(parseAccountingRequest(stop.subarray(0, stop.length - 1))).toMatchObject({ ok: false });
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['a header cut short', Buffer.from([4, 1, 0, 20, 1, 2, 3])],
    ['Length below 20', Buffer.concat([Buffer.from([4, 1, 0, 19]), Buffer.alloc(16)])],
    ['Length above 4096', Buffer.concat([Buffer.from([4, 1, 0x10, 0x01]), Buffer.alloc(4097)])],
    ['an attribute of length 0', Buffer.concat([Buffer.from([4, 1, 0, 22]), Buffer.alloc(16), Buffer.from([1, 0])])],
    ['an attribute of length 1', Buffer.concat([Buffer.from([4, 1, 0, 23]), Buffer.alloc(16), Buffer.from([1, 1, 0])])],
    ['an attribute running past Length', Buffer.concat([Buffer.from([4, 1, 0, 24]), Buffer.alloc(16), Buffer.from([1, 9, 97, 98])])],
    ['a lone attribute type octet', Buffer.concat([Buffer.from([4, 1, 0, 21]), Buffer.alloc(16), Buffer.from([1])])],
    ['Acct-Status-Type of 2 octets', rawRequest(1, [[40, Buffer.from([0, 1])]], secret)],
    ['Framed-IP-Address of 3 octets', rawRequest(1, [[8, Buffer.from([10, 0, 0])]], secret)],
    ['Event-Timestamp of 8 octets', rawRequest(1, [[55, Buffer.alloc(8)]], secret)],
  ])('refuses %s without throwing', (_name, packet) => {
    const result = parseAccountingRequest(packet);
    expect(result.ok).toBe(false);
  });

  it('skips unknown and vendor attributes it cannot read, keeps the first of a repeated one, drops control characters', () => {
    const packet = rawRequest(
      7,
      [
        [26, Buffer.from([0xff, 0, 0, 1, 9, 9])], // a VSA with a nonsense vendor layout
        [1, Buffer.from('first')],
        [1, Buffer.from('second')],
        [44, Buffer.from('a\nb')],
        [40, u32(1)],
        [200, Buffer.from('x')],
      ],
      secret,
    );
    const request = parse(packet);
    expect(request.attributes).toEqual({ userName: 'first', statusType: 1 });
    expect(verifyAccountingRequest(request, secret)).toBe(true);
  });
});
