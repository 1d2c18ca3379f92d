import { bindSearchPanel, parseKind } from './search-panel';

/**
 * The /search/ page: searches for the query in its address (?q=…&kind=…, what the form sends) and
 * keeps the address in step as the reader types, so the page can be shared or bookmarked.
 */
export function bootSearchPage(): void {
  const root = document.querySelector<HTMLElement>('[data-search-page] [data-search-panel]');
  if (!root) return;
  const panel = bindSearchPanel(root, {
    pageSize: 20,
    enterOpensFirst: false,
    onChange(query, kind) {
      const params = new URLSearchParams();
      if (query !== '') params.set('q', query);
      if (kind !== 'all') params.set('kind', kind);
      const search = params.size > 0 ? `?${params}` : '';
      history.replaceState(null, '', `${location.pathname}${search}`);
    },
  });
  const params = new URLSearchParams(location.search);
  panel.show(params.get('q') ?? '', parseKind(params.get('kind')));
  panel.prepare();
  panel.input.focus();
}
