import { excerptParts } from './highlight';
import type { SearchHit } from './search-client';

const KIND_LABELS = { prose: 'Prose', code: 'Code' } as const;

function span(className: string, text: string): HTMLSpanElement {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  return element;
}

/**
 * One result: a link to its section that names where the match is (prose or code, the page, the
 * section, a snippet's file) above the excerpt with the matches marked.
 */
export function resultItem(hit: SearchHit): HTMLLIElement {
  const link = document.createElement('a');
  link.className = 'search-hit';
  link.href = hit.url;
  link.dataset['kind'] = hit.kind;

  const where = span('search-hit-where', '');
  where.append(span('search-hit-kind', KIND_LABELS[hit.kind]), span('search-hit-page', hit.page));
  if (hit.section !== '' && hit.section !== hit.page) {
    const separator = span('search-hit-separator', ' › ');
    separator.setAttribute('aria-hidden', 'true');
    where.append(separator, span('search-hit-section', hit.section));
  }
  if (hit.file) where.append(span('search-hit-file', hit.file));

  const excerpt = span('search-hit-excerpt', '');
  for (const part of excerptParts(hit.excerpt)) {
    excerpt.append(part.marked ? Object.assign(document.createElement('mark'), { textContent: part.text }) : part.text);
  }
  link.append(where, excerpt);

  const item = document.createElement('li');
  item.append(link);
  return item;
}
