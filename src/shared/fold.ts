/**
 * The one accent- and case-folding rule of Avisa's search columns (`name_search`, `neighbourhood_search`,
 * cities' `name_search`): NFD, combining marks stripped, lower-cased, runs of white space collapsed, trimmed.
 * Searches fold their input with the same function, so `sao jose` finds `São José`.
 */
const COMBINING_MARKS = /\p{M}+/gu;
const SPACES = /\s+/g;
const NOT_ASCII = /[\u0080-\uffff]/;

export function foldForSearch(text: string): string {
  // ASCII has nothing to decompose nor strip (the common case of logins, codes, many names): skip the Unicode work.
  const bare = NOT_ASCII.test(text) ? text.normalize('NFD').replace(COMBINING_MARKS, '') : text;
  return bare.toLowerCase().replace(SPACES, ' ').trim();
}
