import { resultItem } from './result-item';
import { loadSearch, search, type KindFilter, type SearchResults } from './search-client';

/**
 * Makes a SearchPanel live, in the dialog or on the /search/ page: results as the reader types,
 * the prose/code choice, a polite status ("5 results") and the keyboard: ArrowDown from the box into
 * the results, ArrowUp/ArrowDown between them, typing goes back to the box. The results list's
 * data-query names the query it shows (the tests wait on it).
 */
export interface PanelOptions {
  /** Hits shown at first, and added by "More results". */
  pageSize: number;
  /** Enter in the box opens the first result (the dialog) instead of only searching (the page). */
  enterOpensFirst: boolean;
  /** After each new query or kind: the page keeps its address in step. */
  onChange?(query: string, kind: KindFilter): void;
}

export interface SearchPanel {
  input: HTMLInputElement;
  /** Fills in the query and the kind, and searches at once. */
  show(query: string, kind: KindFilter): void;
  /** Replaces the selection in the box with text, as if typed. */
  type(text: string): void;
  /** Loads the index ahead of the first query, and says so if it cannot. */
  prepare(): void;
}

/**
 * A pause in typing this long runs the query. Pagefind answers in 2-3 ms once its index is in, so
 * the pause is most of a keystroke's wait: at 120 ms, input to results took 156 ms (median of 18);
 * at 40 ms, 71 ms. A fast typist's keys still come closer together than that, and ask nothing.
 */
const TYPING_DEBOUNCE_MS = 40;
const UNAVAILABLE = 'Search could not load. Check your connection and try again.';

export function parseKind(value: unknown): KindFilter {
  return value === 'prose' || value === 'code' ? value : 'all';
}

function part<T extends Element>(root: Element, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`Search panel: no ${selector}`);
  return element;
}

function describe(total: number, query: string, kind: KindFilter): string {
  const where = kind === 'all' ? '' : ` in ${kind}`;
  if (total === 0) return `No results for “${query}”${where}.`;
  return `${total} ${total === 1 ? 'result' : 'results'}${where}`;
}

export function bindSearchPanel(root: HTMLElement, options: PanelOptions): SearchPanel {
  const form = part<HTMLFormElement>(root, '[data-search-form]');
  const input = part<HTMLInputElement>(root, '[data-search-input]');
  const status = part<HTMLElement>(root, '[data-search-status]');
  const list = part<HTMLOListElement>(root, '[data-search-results]');
  const more = root.querySelector<HTMLButtonElement>('[data-search-more]');
  const all = root.querySelector<HTMLAnchorElement>('[data-search-all]');

  /** Each query gets a number; answers to an older one are dropped. */
  let generation = 0;
  let results: SearchResults | undefined;
  let shown = 0;

  const kind = (): KindFilter => parseKind(new FormData(form).get('kind'));
  const links = (): HTMLAnchorElement[] => [...list.querySelectorAll('a')];

  async function run(typing: boolean): Promise<void> {
    const query = input.value.trim();
    const filter = kind();
    const mine = ++generation;
    options.onChange?.(query, filter);
    if (all) {
      all.hidden = query === '';
      all.href = `${form.action}?${new URLSearchParams({ q: query, kind: filter })}`;
    }
    if (query === '') {
      results = undefined;
      list.replaceChildren();
      list.dataset['query'] = '';
      status.textContent = '';
      if (more) more.hidden = true;
      return;
    }
    try {
      const found = await search(query, filter, typing ? TYPING_DEBOUNCE_MS : undefined);
      if (!found || mine !== generation) return;
      const hits = await found.hits(0, options.pageSize);
      if (mine !== generation) return;
      results = found;
      shown = hits.length;
      list.replaceChildren(...hits.map(resultItem));
      list.dataset['query'] = query;
      status.textContent = describe(found.total, query, filter);
      if (more) more.hidden = shown >= found.total;
    } catch {
      if (mine === generation) status.textContent = UNAVAILABLE;
    }
  }

  input.addEventListener('input', () => void run(true));
  form.addEventListener('change', (event) => {
    if ((event.target as HTMLInputElement).name === 'kind') void run(false);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(false).then(() => {
      if (options.enterOpensFirst) links()[0]?.click();
    });
  });

  input.addEventListener('keydown', (event) => {
    const first = links()[0];
    if (event.key === 'ArrowDown' && first) {
      event.preventDefault();
      first.focus();
    }
  });
  list.addEventListener('keydown', (event) => {
    const current = links();
    const index = current.indexOf(event.target as HTMLAnchorElement);
    if (index < 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      (event.key === 'ArrowDown' ? current[index + 1] : (current[index - 1] ?? input))?.focus();
    } else if (
      (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) ||
      event.key === 'Backspace'
    ) {
      // The key lands in the box: focus moves before the browser types it.
      input.focus();
    }
  });

  more?.addEventListener('click', async () => {
    const mine = generation;
    if (!results) return;
    const hits = await results.hits(shown, options.pageSize);
    if (mine !== generation) return;
    const items = hits.map(resultItem);
    list.append(...items);
    items[0]?.querySelector('a')?.focus();
    shown += hits.length;
    more.hidden = shown >= results.total;
  });

  return {
    input,
    show(query, filter) {
      input.value = query;
      for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="kind"]')) {
        radio.checked = radio.value === filter;
      }
      void run(false);
    },
    type(text) {
      input.setRangeText(text, input.selectionStart ?? 0, input.selectionEnd ?? 0, 'end');
      void run(true);
    },
    prepare() {
      loadSearch().catch(() => (status.textContent = UNAVAILABLE));
    },
  };
}
