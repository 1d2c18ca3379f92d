import { bindSearchPanel, type SearchPanel } from './search-panel';

/**
 * The search dialog, loaded when the reader first opens search (search-boot.ts). A native modal
 * <dialog> holding the SearchPanel cloned from the page's template: Escape and a click beside it
 * close it, and focus goes back to where it was. Opening it starts loading the index, so the first
 * query waits less.
 */

const TEMPLATE_ID = 'search-dialog-template';

let dialog: HTMLDialogElement | undefined;
let panel: SearchPanel | undefined;
let returnFocus: HTMLElement | undefined;

function createDialog(): { dialog: HTMLDialogElement; panel: SearchPanel } {
  const template = document.getElementById(TEMPLATE_ID);
  if (!(template instanceof HTMLTemplateElement)) throw new Error(`No #${TEMPLATE_ID} on this page`);
  const element = document.createElement('dialog');
  element.className = 'search-dialog';
  element.setAttribute('aria-modal', 'true');
  element.setAttribute('aria-label', 'Search');
  element.append(template.content.cloneNode(true));
  document.body.append(element);

  const bound = bindSearchPanel(element.querySelector<HTMLElement>('[data-search-panel]')!, {
    pageSize: 8,
    enterOpensFirst: true,
  });
  // Escape closes at once, even from a search box with text (which Escape would only clear).
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      element.close();
    }
  });
  element.addEventListener('close', () => {
    returnFocus?.focus();
    returnFocus = undefined;
  });
  // The dialog's own box is all padding-free panel: a click on the dialog itself is on the backdrop.
  element.addEventListener('click', (event) => {
    if (event.target === element) element.close();
  });
  element.querySelector('[data-search-close]')?.addEventListener('click', () => element.close());
  // Following a result leaves the page (or moves within it): close without taking focus back.
  element.addEventListener('click', (event) => {
    if ((event.target as Element).closest('a[href]')) {
      returnFocus = undefined;
      element.close();
    }
  });
  return { dialog: element, panel: bound };
}

/** `typedAhead`: what the reader typed while this module loaded; it starts a new query. */
export function openSearchDialog(opener: Element | null, typedAhead = ''): void {
  if (!dialog || !panel) ({ dialog, panel } = createDialog());
  if (!dialog.open) {
    returnFocus = opener instanceof HTMLElement ? opener : undefined;
    dialog.showModal();
  }
  panel.input.focus();
  panel.input.select();
  panel.prepare();
  if (typedAhead !== '') panel.type(typedAhead);
}
