// Free text that ignores case and Vietnamese diacritics: "ho chi minh" finds "Hồ Chí Minh", "da nang"
// finds "Đà Nẵng". NFD splits a letter from its combining marks, which are then dropped; Đ/đ is a letter
// of its own (U+0110/U+0111) that NFD leaves whole, so it is mapped to d explicitly.

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Lowercase, without diacritics, đ → d. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** The folded words of a text: runs of letters and digits. */
export function searchTokens(text: string): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** A folded value for exact matching of a facet (a province, a sector): words joined by single spaces. */
export function facetKey(text: string): string {
  return searchTokens(text).join(' ');
}

/** The distinct tokens of several texts, in first-seen order. */
export function tokenSet(texts: Iterable<string>): string[] {
  const seen = new Set<string>();
  for (const text of texts) for (const token of searchTokens(text)) seen.add(token);
  return [...seen];
}
