/**
 * The contract between the search index (written at build time by src/integrations/search-index.ts)
 * and the pages that read it (src/components/search/): where the index lives, what each record
 * carries, and how a result tells the page it opens which terms to mark.
 */

/** The Pagefind bundle's folder in the build, below the base path. */
export const SEARCH_BUNDLE_DIR = 'pagefind/';

/** The query parameter, repeated per term, that a result's URL carries to the page it opens. */
export const HIGHLIGHT_PARAM = 'highlight';

/**
 * The query parameter of a code record's URL: which code block of the page, counted from 0. Pagefind
 * keeps one record per URL, and a section's prose and code blocks share its heading's anchor.
 */
export const CODE_BLOCK_PARAM = 'code';

export type RecordKind = 'prose' | 'code';
export const RECORD_KINDS: readonly RecordKind[] = ['prose', 'code'];

/**
 * A record's metadata. `title` is what the record is called, and is searched with a heading's weight:
 * the section's title for prose, the file name for a runnable snippet. `page` and `section` are there
 * to be shown; Pagefind searches every metadata field, so the page gives them no weight
 * (UNRANKED_META) and drops results that matched only there.
 */
export interface RecordMeta {
  title?: string;
  page: string;
  section: string;
}

export const UNRANKED_META = { page: 0, section: 0 } as const satisfies Partial<Record<keyof RecordMeta, number>>;
