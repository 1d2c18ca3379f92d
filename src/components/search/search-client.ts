import { withBase } from '../../config/paths';
import { holdsQueryWord } from './highlight';
import {
  HIGHLIGHT_PARAM,
  RECORD_KINDS,
  SEARCH_BUNDLE_DIR,
  UNRANKED_META,
  type RecordKind,
  type RecordMeta,
} from '../../search/schema';

/**
 * The page's side of Pagefind: loads its bundle from the build (once, on first use), runs queries and
 * turns results into hits to show. Results that matched only a record's page or section name (score
 * 0, see UNRANKED_META) are dropped: a hit always has its terms in its own text or title.
 */

/** What this site uses of Pagefind's JavaScript API (pagefind.js, written by the build). */
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(term: string, options: SearchOptions): Promise<PagefindResults>;
  debouncedSearch(term: string, options: SearchOptions, debounceMs: number): Promise<PagefindResults | null>;
}
interface SearchOptions {
  filters?: Record<string, string>;
}
interface PagefindResults {
  results: Array<{ score: number; data(): Promise<PagefindFragment> }>;
}
interface PagefindFragment {
  url: string;
  excerpt: string;
  meta: Partial<RecordMeta>;
  filters: Partial<Record<string, string[]>>;
}

export type KindFilter = 'all' | RecordKind;

export interface SearchHit {
  /** Opens the section, with the query's terms for the page to mark. */
  url: string;
  kind: RecordKind;
  page: string;
  section: string;
  /** A runnable snippet's file name. */
  file: string | undefined;
  /** Pagefind's excerpt: text with the matches in <mark> (see highlight.ts). */
  excerpt: string;
}

export interface SearchResults {
  total: number;
  /** Loads hits start..start+count: each costs a small request, so only those shown. */
  hits(start: number, count: number): Promise<SearchHit[]>;
}

const EXCERPT_WORDS = 24;

let loaded: Promise<Pagefind> | undefined;

/** Loads Pagefind and its index metadata; later calls share the first. */
export function loadSearch(): Promise<Pagefind> {
  loaded ??= (async () => {
    const pagefind = (await import(/* @vite-ignore */ withBase(`${SEARCH_BUNDLE_DIR}pagefind.js`))) as Pagefind;
    await pagefind.options({
      baseUrl: import.meta.env.BASE_URL,
      excerptLength: EXCERPT_WORDS,
      highlightParam: HIGHLIGHT_PARAM,
      ranking: { metaWeights: UNRANKED_META },
    });
    await pagefind.init();
    return pagefind;
  })();
  // A failed load (no index under `astro dev`, a network error) may succeed on the next try.
  loaded.catch(() => (loaded = undefined));
  return loaded;
}

/**
 * Runs a query. With `debounceMs`, waits that long first and answers null if a later query came
 * meanwhile (typing); without, runs at once.
 */
export async function search(query: string, kind: KindFilter, debounceMs?: number): Promise<SearchResults | null> {
  const pagefind = await loadSearch();
  const options: SearchOptions = kind === 'all' ? {} : { filters: { kind } };
  const response =
    debounceMs === undefined
      ? await pagefind.search(query, options)
      : await pagefind.debouncedSearch(query, options, debounceMs);
  if (!response) return null;
  const results = response.results.filter((result) => result.score > 0);
  const hits = async (start: number, count: number): Promise<SearchHit[]> =>
    Promise.all(results.slice(start, start + count).map(async (result) => toHit(await result.data(), query)));
  // Where none of the best results holds a word of the query (see holdsQueryWord), Pagefind had
  // none of its words, and the answer is "no results".
  const best = await hits(0, FIRST_CHECKED);
  const answered = best.some((hit) => holdsQueryWord(hit.excerpt, [hit.file ?? '', hit.section], query));
  return answered ? { total: results.length, hits } : { total: 0, hits: async () => [] };
}

/** How many of the best results are read to tell a real answer from none. */
const FIRST_CHECKED = 8;

function toHit(fragment: PagefindFragment, query: string): SearchHit {
  const kind = RECORD_KINDS.find((candidate) => fragment.filters['kind']?.includes(candidate)) ?? 'prose';
  // The page opened marks the query's words: Pagefind's own parameter joins "asyncio.timeout" into
  // "asynciotimeout", which marks nothing there.
  const url = new URL(fragment.url, 'https://site.invalid');
  url.searchParams.delete(HIGHLIGHT_PARAM);
  url.searchParams.append(HIGHLIGHT_PARAM, query);
  return {
    url: `${url.pathname}${url.search}${url.hash}`,
    kind,
    page: fragment.meta.page ?? '',
    section: fragment.meta.section ?? '',
    file: kind === 'code' ? fragment.meta.title : undefined,
    excerpt: fragment.excerpt,
  };
}
