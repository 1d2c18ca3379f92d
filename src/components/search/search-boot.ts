/**
 * The only search code a page runs up front: it waits for the reader to ask for search ("/", Ctrl+K
 * or Cmd+K, or the header's Search link) and only then loads the dialog, which loads the index. On
 * the /search/ page, the same keys go to that page's own box. A page opened from a result (its
 * address carries the terms) loads the code that marks them.
 */
import { HIGHLIGHT_PARAM } from '../../search/schema';

/** "/" is a character while the reader types: in a field, or in a snippet's editor (contenteditable). */
function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

/** Keys typed while the dialog loads, so a quick "/taskgroup" loses no letter. */
let typedAhead: string[] | undefined;

function keepTypedKey(event: KeyboardEvent): void {
  if (typedAhead && event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    typedAhead.push(event.key);
  }
}

function openSearch(pageInput: HTMLInputElement | null): void {
  if (pageInput) {
    pageInput.focus();
    pageInput.select();
    return;
  }
  if (typedAhead) return;
  typedAhead = [];
  const opener = document.activeElement;
  document.addEventListener('keydown', keepTypedKey);
  const done = (): string => {
    document.removeEventListener('keydown', keepTypedKey);
    const typed = typedAhead?.join('') ?? '';
    typedAhead = undefined;
    return typed;
  };
  import('./search-dialog').then(
    (dialog) => dialog.openSearchDialog(opener, done()),
    () => done(),
  );
}

export function bootSearch(): void {
  const pageInput = document.querySelector<HTMLInputElement>('[data-search-page] [data-search-input]');
  document.addEventListener('keydown', (event) => {
    // An editor that used the key (CodeMirror's Ctrl+K on macOS) has prevented its default.
    if (event.defaultPrevented || event.isComposing || event.altKey || typedAhead) return;
    const shortcut =
      event.ctrlKey || event.metaKey ? event.key.toLowerCase() === 'k' : event.key === '/' && !isTyping(event.target);
    if (!shortcut) return;
    event.preventDefault();
    openSearch(pageInput);
  });
  for (const link of document.querySelectorAll<HTMLAnchorElement>('[data-search-open]')) {
    if (!pageInput) link.setAttribute('aria-haspopup', 'dialog');
    link.addEventListener('click', (event) => {
      // A click meant for a new tab or window still opens the search page there.
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      openSearch(pageInput);
    });
  }
  if (new URLSearchParams(location.search).has(HIGHLIGHT_PARAM)) {
    const mark = (): void => void import('./mark-terms').then((module) => module.markResultTerms());
    mark();
    // A result in the same page changes only the hash: mark that section instead.
    window.addEventListener('hashchange', mark);
  }
}
