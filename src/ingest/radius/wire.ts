/**
 * RADIUS accounting on the wire (RFC 2865 §3/§5, RFC 2866): strict parsing of an Accounting-Request, the
 * check of its Request Authenticator against the NAS's shared secret, and the Accounting-Response.
 *
 * In-house rather than the `radius` npm package (which the tests and the bench use as an independent encoder):
 * `radius` 1.1.4 compares authenticators as UTF-8 strings (`checksum.toString() != authenticator.toString()`),
 * so two different digests whose invalid bytes both decode to U+FFFD compare equal — a forgeable check; it
 * throws on a Vendor-Specific attribute it cannot parse (one odd VSA would drop a NAS's whole accounting); and
 * it keeps per-call state in module globals. We need a dozen attributes; they are decoded here, each with its
 * RFC length, and anything else (VSAs included) is skipped after its length is checked.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const CODE_ACCOUNTING_REQUEST = 4;
const CODE_ACCOUNTING_RESPONSE = 5;

const HEADER = 20;
const MAX_LENGTH = 4096;

/** Acct-Status-Type values (RFC 2866 §5.1). */
export const StatusType = { Start: 1, Stop: 2, InterimUpdate: 3, AccountingOn: 7, AccountingOff: 8 } as const;

/** The attributes the receiver reads; every other attribute is only length-checked. */
export interface AccountingAttributes {
  userName?: string;
  nasIp?: string;
  nasIdentifier?: string;
  framedIp?: string;
  callingStationId?: string;
  statusType?: number;
  delayTime?: number;
  sessionId?: string;
  sessionTime?: number;
  terminateCause?: number;
  /** Seconds since the epoch (RFC 2869 §5.3). */
  eventTimestamp?: number;
}

export interface AccountingRequest {
  code: number;
  identifier: number;
  /** The 16-octet Request Authenticator (a copy). */
  authenticator: Buffer;
  /** The packet as counted by its Length field (octets after it are ignored, RFC 2865 §3). */
  packet: Buffer;
  attributes: AccountingAttributes;
  /** Proxy-State values, copied unmodified into the response (RFC 2865 §5.33). */
  proxyStates: Buffer[];
}

export type ParseResult = { ok: true; request: AccountingRequest } | { ok: false; reason: string };

type Kind = 'string' | 'integer' | 'ipaddr' | 'date';
const known: Record<number, [keyof AccountingAttributes, Kind]> = {
  1: ['userName', 'string'],
  4: ['nasIp', 'ipaddr'],
  8: ['framedIp', 'ipaddr'],
  31: ['callingStationId', 'string'],
  32: ['nasIdentifier', 'string'],
  40: ['statusType', 'integer'],
  41: ['delayTime', 'integer'],
  44: ['sessionId', 'string'],
  46: ['sessionTime', 'integer'],
  49: ['terminateCause', 'integer'],
  55: ['eventTimestamp', 'date'],
};
const PROXY_STATE = 33;

/** An empty or control-character string (never a real login or session id) reads as absent. */
function decodeString(value: Buffer): string | undefined {
  if (value.length === 0) return undefined;
  const text = value.toString('utf8');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rejects.
  return /[\u0000-\u001f\u007f]/.test(text) ? undefined : text;
}

/**
 * Checks the framing (code, Length, every attribute's length) and decodes the attributes the receiver uses.
 * Never throws: a malformed packet is `{ ok: false, reason }`.
 */
export function parseAccountingRequest(datagram: Buffer): ParseResult {
  if (datagram.length < HEADER) return { ok: false, reason: 'shorter than a RADIUS header' };
  const length = datagram.readUInt16BE(2);
  if (length < HEADER || length > MAX_LENGTH) return { ok: false, reason: `Length ${length} out of range` };
  if (length > datagram.length) return { ok: false, reason: `Length ${length} exceeds the ${datagram.length} octets received` };
  const packet = Buffer.from(datagram.subarray(0, length));
  const attributes: AccountingAttributes = {};
  const proxyStates: Buffer[] = [];
  let offset = HEADER;
  while (offset < length) {
    if (offset + 2 > length) return { ok: false, reason: 'attribute header cut short' };
    const type = packet[offset]!;
    const attrLength = packet[offset + 1]!;
    if (attrLength < 2 || offset + attrLength > length) return { ok: false, reason: `attribute ${type} has a bad length ${attrLength}` };
    const value = packet.subarray(offset + 2, offset + attrLength);
    offset += attrLength;
    if (type === PROXY_STATE) {
      proxyStates.push(Buffer.from(value));
      continue;
    }
    const spec = known[type];
    if (!spec) continue;
    const [name, kind] = spec;
    if (kind !== 'string' && value.length !== 4) return { ok: false, reason: `attribute ${type} must be 4 octets, not ${value.length}` };
    if (attributes[name] !== undefined) continue; // the first occurrence wins
    let decoded: string | number | undefined;
    if (kind === 'string') decoded = decodeString(value);
    else if (kind === 'ipaddr') decoded = `${value[0]}.${value[1]}.${value[2]}.${value[3]}`;
    else decoded = value.readUInt32BE(0);
    (attributes as Record<string, string | number | undefined>)[name] = decoded;
  }
  return {
    ok: true,
    request: {
      code: packet[0]!,
      identifier: packet[1]!,
      authenticator: Buffer.from(packet.subarray(4, HEADER)),
      packet,
      attributes,
      proxyStates,
    },
  };
}

/**
 * RFC 2866 §3: Request Authenticator = MD5(Code + Identifier + Length + 16 zero octets + Attributes + Secret).
 * It covers every octet of the packet (a Message-Authenticator included), so it alone proves the sender knows
 * the secret and nothing was altered.
 */
export function verifyAccountingRequest(request: AccountingRequest, secret: string): boolean {
  const md5 = createHash('md5');
  md5.update(request.packet.subarray(0, 4));
  md5.update(Buffer.alloc(16));
  md5.update(request.packet.subarray(HEADER));
  md5.update(secret, 'utf8');
  return timingSafeEqual(md5.digest(), request.authenticator);
}

/** Accounting-Response with the request's Proxy-States; authenticator per RFC 2866 §3. */
export function encodeAccountingResponse(request: AccountingRequest, secret: string): Buffer {
  const attrLength = request.proxyStates.reduce((sum, p) => sum + 2 + p.length, 0);
  const response = Buffer.alloc(HEADER + attrLength);
  response[0] = CODE_ACCOUNTING_RESPONSE;
  response[1] = request.identifier;
  response.writeUInt16BE(response.length, 2);
  request.authenticator.copy(response, 4);
  let offset = HEADER;
  for (const state of request.proxyStates) {
    response[offset] = PROXY_STATE;
    response[offset + 1] = state.length + 2;
    state.copy(response, offset + 2);
    offset += state.length + 2;
  }
  const digest = createHash('md5').update(response).update(secret, 'utf8').digest();
  digest.copy(response, 4);
  return response;
}
