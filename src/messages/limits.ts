/**
 * How long a rendered message is for its channel: SMS characters, encoding (GSM-7, or UCS-2 when one character is
 * outside GSM-7 — accents such as "ã" and "ç" are) and segments (what the gateway bills); WhatsApp the template
 * body's characters against Meta's 1,024. Shown in the send dialog, so nothing is cut or billed by surprise.
 */

/** Characters a free field may hold (the send refuses more, naming the field). */
export const FREE_VALUE_MAX = 500;
/** Meta: a template's body text, variables filled, is at most 1,024 characters. */
export const WHATSAPP_BODY_MAX = 1024;
/** An SMS message's text after rendering; longer is refused by most Brazilian gateways (10 segments). */
export const SMS_TEXT_MAX = 1600;

// GSM 03.38 basic set (one septet each) and the extension table (escape + one: two septets).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

export interface SmsLength {
  encoding: 'gsm7' | 'ucs2';
  /** Billed units: septets for GSM-7 (an extension character counts 2), UTF-16 units for UCS-2. */
  units: number;
  segments: number;
}

export function smsLength(text: string): SmsLength {
  let septets = 0;
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENDED.has(ch)) septets += 2;
    else {
      const units = text.length;
      return { encoding: 'ucs2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { encoding: 'gsm7', units: septets, segments: septets === 0 ? 0 : septets <= 160 ? 1 : Math.ceil(septets / 153) };
}
