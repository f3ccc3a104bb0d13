/**
 * fast-check arbitraries of RADIUS Accounting-Requests: random attributes (mostly those the receiver reads, with
 * their RFC lengths or wrong ones, Proxy-State, VSAs of any layout, unknown types), signed with a secret, and what
 * RFC 2865/2866 make of them (`model`).
 */
import fc from 'fast-check';
import { rawRequest } from './packets.test-support.js';
import type { AccountingAttributes } from './wire.js';

const STRINGS: Record<number, keyof AccountingAttributes> = { 1: 'userName', 31: 'callingStationId', 32: 'nasIdentifier', 44: 'sessionId' };
const IPS: Record<number, keyof AccountingAttributes> = { 4: 'nasIp', 8: 'framedIp' };
const NUMBERS: Record<number, keyof AccountingAttributes> = { 40: 'statusType', 41: 'delayTime', 46: 'sessionTime', 49: 'terminateCause', 55: 'eventTimestamp' };
export const PROXY_STATE = 33;

export type Attribute = [number, Buffer];

export const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b));
const u32 = fc.oneof(fc.constantFrom(0, 1, 2, 3, 7, 8, 0xffffffff), fc.nat()).map((n) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
});
/** A value as a NAS sends one, or text with control characters, invalid UTF-8, nothing at all. */
const text = (max: number) => fc.oneof(fc.string({ maxLength: max }).map((s) => Buffer.from(s).subarray(0, max)), bytes(max));

/** One attribute: mostly the ones the receiver reads, with their RFC lengths or (rarely) wrong ones. */
function attribute(maxValue: number): fc.Arbitrary<Attribute> {
  const known = (types: Record<number, unknown>) => fc.constantFrom(...Object.keys(types).map(Number));
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(known(STRINGS), text(maxValue)) },
    { weight: 4, arbitrary: fc.tuple(fc.oneof(known(NUMBERS), known(IPS)), u32) },
    { weight: 1, arbitrary: fc.tuple(fc.oneof(known(NUMBERS), known(IPS)), bytes(8)) },
    { weight: 1, arbitrary: fc.tuple(fc.constant(PROXY_STATE), bytes(maxValue)) },
    { weight: 1, arbitrary: fc.tuple(fc.constant(26), bytes(maxValue)) }, // Vendor-Specific, any layout
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 255 }), bytes(maxValue)) },
  );
}

/** A signed Accounting-Request; now and then one over the 4,096-octet limit. */
export const packet = fc
  .oneof(
    { weight: 9, arbitrary: fc.tuple(fc.nat(255), fc.array(attribute(40), { maxLength: 20 })) },
    { weight: 1, arbitrary: fc.tuple(fc.nat(255), fc.array(attribute(253), { maxLength: 20 })) },
  )
  .map(([identifier, attributes]) => ({ identifier, attributes }));

export const sign = ({ identifier, attributes }: { identifier: number; attributes: Attribute[] }, secret: string) =>
  rawRequest(identifier, attributes, secret);
const length = (attributes: readonly Attribute[]) => 20 + attributes.reduce((n, [, v]) => n + 2 + v.length, 0);

/** What RFC 2865/2866 make of the attributes: the first readable value of each, or why the packet is malformed. */
export function model(attributes: readonly Attribute[]): { attributes: AccountingAttributes; proxyStates: Buffer[] } | null {
  if (length(attributes) > 4096) return null;
  const out: Record<string, string | number> = {};
  const proxyStates: Buffer[] = [];
  for (const [type, value] of attributes) {
    if (type === PROXY_STATE) proxyStates.push(value);
    else if (STRINGS[type]) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters make a string unreadable.
      const s = value.length > 0 && !/[\u0000-\u001f\u007f]/.test(value.toString('utf8')) ? value.toString('utf8') : undefined;
      out[STRINGS[type]] ??= s as string;
    } else if (IPS[type] || NUMBERS[type]) {
      if (value.length !== 4) return null;
      if (IPS[type]) out[IPS[type]] ??= [...value].join('.');
      else out[NUMBERS[type] as string] ??= value.readUInt32BE(0);
    }
  }
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return { attributes: out as AccountingAttributes, proxyStates };
}

