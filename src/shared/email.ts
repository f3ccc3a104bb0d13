/**
 * Whether an e-mail field holds one syntactically valid address (what a send can use): a dot-atom local part,
 * `@`, a domain of LDH labels ending in an alphabetic TLD. Surrounding white space is ignored; anything else —
 * spaces inside, `@@`, no dot in the domain, two addresses in one field — is not an address.
 */
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TLD = /^[A-Za-z]{2,63}$/;

export function isValidEmail(text: string | null | undefined): boolean {
  const address = text?.trim() ?? '';
  if (address.length > 254) return false;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at > 64) return false;
  const labels = address.slice(at + 1).split('.');
  return (
    LOCAL.test(address.slice(0, at)) &&
    labels.length >= 2 &&
    labels.every((l) => LABEL.test(l)) &&
    TLD.test(labels[labels.length - 1] as string)
  );
}
