/**
 * The one accent- and case-folding rule of Avisa's search columns (`name_search`, `neighbourhood_search`,
 * cities' `name_search`): NFD, combining marks stripped, lower-cased, runs of white space collapsed, trimmed.
 * Searches fold their input with the same function, so `sao jose` finds `São José`.
 */
const COMBINING_MARKS = /\p{M}+/gu;
const SPACES = /\s+/g;

export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase().replace(SPACES, ' ').trim();
}
