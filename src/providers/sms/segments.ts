/**
 * How many SMS parts a text costs: GSM-7 (3GPP TS 23.038 / GSM 03.38 default alphabet, with the escape-coded
 * extension table counting 2 septets) when every character fits, else UCS-2 (UTF-16 code units; an emoji outside
 * the BMP counts 2). One part holds 160 septets / 70 units; a concatenated part loses its user-data header and holds
 * 153 / 67. Parts are packed the way handsets and SMSCs do it: an escape pair or a surrogate pair is never split
 * across two parts, so a long text can need one part more than `ceil(characters / perSegment)`.
 *
 * Portuguese note: `é è ù ì ò à É Ç Ñ ñ Ü ü Ä ä Ö ö Å å` are in the basic table; `ã õ ç á í ó ú â ê ô À Á Ã Õ Ê`
 * are not, so one `ç` or `ã` makes the whole text UCS-2 (70 characters per part).
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegments {
  encoding: SmsEncoding;
  /** Septets for GSM-7 (an extension character counts 2), UTF-16 code units for UCS-2. */
  characters: number;
  /** Parts the text is sent as; an empty text still is one message. */
  segments: number;
  /** Capacity of one part for this text: 160 or 153 (GSM-7), 70 or 67 (UCS-2). */
  perSegment: number;
}

/** GSM 03.38 basic character set, positions 0x00–0x7F, without 0x1B (the escape to the extension table). */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** GSM 03.38 extension table (sent as ESC + code, 2 septets): form feed, ^ { } \ [ ~ ] | €. */
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

const LIMITS: Record<SmsEncoding, { single: number; multi: number }> = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
};

/** Encoding, size and part count of `text` as an SMS. */
export function smsSegments(text: string): SmsSegments {
  const septets = gsmSeptets(text);
  if (septets) return pack('GSM-7', septets);
  return pack('UCS-2', Array.from(text, (ch) => ch.length));
}

/** Whether every character of `text` is in the GSM-7 basic or extension table. */
export function isGsm7(text: string): boolean {
  return gsmSeptets(text) !== null;
}

/** Septets per character, or null as soon as one character has no GSM-7 form. */
function gsmSeptets(text: string): number[] | null {
  const out: number[] = [];
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) out.push(1);
    else if (GSM_EXTENSION.has(ch)) out.push(2);
    else return null;
  }
  return out;
}

/** Greedy packing into parts; a character (escape pair, surrogate pair) stays whole within one part. */
function pack(encoding: SmsEncoding, units: number[]): SmsSegments {
  const { single, multi } = LIMITS[encoding];
  const characters = units.reduce((sum, n) => sum + n, 0);
  if (characters <= single) return { encoding, characters, segments: 1, perSegment: single };
  let segments = 1;
  let used = 0;
  for (const n of units) {
    if (used + n > multi) {
      segments += 1;
      used = 0;
    }
    used += n;
  }
  return { encoding, characters, segments, perSegment: multi };
}
