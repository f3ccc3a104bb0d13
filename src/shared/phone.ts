/**
 * Brazilian phone numbers as ISP staff type them (see src/ingest/demo/phones.ts and
 * /work/shared/reference/opasuite.md §4): `(48) 99912-3456`, `48999123456`, `+55 48 9…`, `0 48 9…`, carrier
 * codes (`021 11 9…`, `0xx11…`), pre-2016 mobiles without the ninth digit, landlines, two numbers in one field,
 * blanks and garbage. Parsed with libphonenumber-js's full (`/max`) metadata, which really validates (the
 * default metadata only checks lengths). Only Brazilian numbers are accepted: the audience is an ISP's subscribers.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneKind = 'mobile' | 'landline';

export interface Phone {
  /** `+5548999123456`. */
  e164: string;
  kind: PhoneKind;
  /** An old 8-digit mobile (`(48) 9912-3456`) that was given its ninth digit. */
  ninthDigitAdded: boolean;
}

/** Why a client has no usable mobile: nothing on file, nothing that parses, or only landlines. */
export type PhoneProblem = 'missing' | 'invalid' | 'landline';

export type MobileChoice = { e164: string; problem: null } | { e164: null; problem: PhoneProblem };

/** Separators between two numbers typed in one field: `/ ; , |`, a line break, ` ou `, ` e `. */
const SEPARATORS = /[/;,|\n]|\s(?:ou|e)\s/i;
/** A national number of 10 digits whose subscriber part starts 6–9: a mobile from before the ninth digit. */
const OLD_MOBILE = /^([1-9][1-9])([6-9]\d{7})$/;

/** Parses one number; null when it is not a valid Brazilian mobile or landline. */
export function parsePhone(text: string): Phone | null {
  const bare = text.replace(/@.*$/s, ''); // WhatsApp ids: 5548999123456@c.us
  const plus = bare.trimStart().startsWith('+');
  const digits = bare.replace(/\D/g, ''); // also drops the `xx` of `0xx48`
  if (digits.length < 8) return null;
  const parsed = parsePhoneNumberFromString(`${plus ? '+' : ''}${digits}`, 'BR');
  if (parsed?.country !== 'BR') return null;
  // With the full metadata a number is valid exactly when it has a type (libphonenumber's own isValid): one match.
  const old = OLD_MOBILE.exec(parsed.nationalNumber);
  if (old) {
    const fixed = parsePhoneNumberFromString(`+55${old[1]}9${old[2]}`);
    return fixed?.getType() === 'MOBILE' ? { e164: fixed.number, kind: 'mobile', ninthDigitAdded: true } : null;
  }
  const type = parsed.getType();
  if (type === 'MOBILE') return { e164: parsed.number, kind: 'mobile', ninthDigitAdded: false };
  if (type === 'FIXED_LINE') return { e164: parsed.number, kind: 'landline', ninthDigitAdded: false };
  return null;
}

/** Every number found in one field, in order; unparseable parts are skipped. */
function phonesIn(field: string): Phone[] {
  return field.split(SEPARATORS).flatMap((part) => {
    const phone = part.trim() ? parsePhone(part) : null;
    return phone ? [phone] : [];
  });
}

/**
 * The first valid mobile among `fields`, in the given order (Avisa passes `whatsapp`, `telefone_celular`,
 * `fone`). Without one: `landline` when some field held a landline, `invalid` when some field held anything,
 * else `missing`.
 */
export function bestMobile(fields: readonly (string | null | undefined)[]): MobileChoice {
  let sawText = false;
  let sawLandline = false;
  for (const field of fields) {
    if (!field?.trim()) continue;
    sawText = true;
    for (const phone of phonesIn(field)) {
      if (phone.kind === 'mobile') return { e164: phone.e164, problem: null };
      sawLandline = true;
    }
  }
  return { e164: null, problem: sawLandline ? 'landline' : sawText ? 'invalid' : 'missing' };
}

/** `+5548999123456` → `+55 (48) 99912-3456`; `+554833334444` → `+55 (48) 3333-4444`; other forms unchanged. */
export function formatPhone(e164: string): string {
  const m = /^\+55(\d{2})(\d{4,5})(\d{4})$/.exec(e164);
  return m ? `+55 (${m[1]}) ${m[2]}-${m[3]}` : e164;
}
