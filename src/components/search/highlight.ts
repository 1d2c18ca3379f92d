/**
 * Which text to highlight: in a result's excerpt (where Pagefind has marked the matches) and on the
 * page a result opens (where only the query's terms are known).
 */

export interface ExcerptPart {
  text: string;
  marked: boolean;
}

/**
 * Splits a Pagefind excerpt into plain and marked text. Pagefind escapes only < and > in excerpts and
 * adds <mark> elements; reading it this way, rather than as HTML, keeps the page's DOM ours.
 */
export function excerptParts(excerpt: string): ExcerptPart[] {
  const parts: ExcerptPart[] = [];
  let marked = false;
  for (const piece of excerpt.split(/(<mark>|<\/mark>)/)) {
    if (piece === '<mark>' || piece === '</mark>') {
      marked = piece === '<mark>';
      continue;
    }
    const text = piece.replaceAll('&lt;', '<').replaceAll('&gt;', '>');
    if (text !== '') parts.push({ text, marked });
  }
  return parts;
}

/** The words of a query: runs of letters, digits and underscores, lower-cased. */
function queryTerms(terms: readonly string[]): string[] {
  const words = terms.flatMap((term) => term.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []);
  return [...new Set(words)];
}

/**
 * A term's stem, as a prefix to match words by: Pagefind matches "awaited" to "await" and "queues" to
 * "queue", so the page marks them too. Short terms keep their letters.
 */
function stem(term: string): string {
  const stemmed = term.replace(/(ing|ed|es|s)$/, '');
  return stemmed.length >= 3 ? stemmed : term;
}

/**
 * Where the terms occur in a text, as [start, end) ranges of whole words: a word matches a term
 * whose stem begins it ("producer" marks "producers"); a term under three letters must be the
 * whole word.
 */
export function termRanges(text: string, terms: readonly string[]): Array<[number, number]> {
  const words = queryTerms(terms);
  if (words.length === 0) return [];
  const prefixes = words.filter((word) => word.length >= 3).map(stem);
  const exact = new Set(words.filter((word) => word.length < 3));
  const ranges: Array<[number, number]> = [];
  for (const match of text.matchAll(/[\p{L}\p{N}_]+/gu)) {
    const word = match[0].toLowerCase();
    if (exact.has(word) || prefixes.some((prefix) => word.startsWith(prefix))) {
      ranges.push([match.index, match.index + match[0].length]);
    }
  }
  return ranges;
}
