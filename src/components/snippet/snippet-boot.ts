/**
 * The only script a chapter page runs for its snippets before the reader shows
 * intent: it waits for a hover, a focus, a touch or a click on a snippet, then
 * loads the controller (editor, runtime, output) for that snippet. A click on a
 * control that arrives first is replayed once the controller is ready.
 */
import { editsKey, loadEdits } from './edits-store';

type Controller = typeof import('./snippet-controller');
let controller: Promise<Controller> | undefined;
const load = (): Promise<Controller> => (controller ??= import('./snippet-controller'));

/**
 * Whether another site shows this page in a frame of its own. It could then lay its own page over
 * ours and make the reader click Run or Share without knowing: a host that sends our headers
 * refuses such frames (frame-ancestors), this is for the hosts that cannot (GitHub Pages).
 */
function framedByAnotherSite(): boolean {
  if (window.top === window.self) return false;
  try {
    return window.top!.location.origin !== location.origin;
  } catch {
    // Reading another origin's location throws: that is the answer.
    return true;
  }
}

/** In a frame of another site the snippet is for reading: its controls give way to a link to the page itself. */
function offerPageOnItsOwn(root: HTMLElement): void {
  root.dataset['framed'] = '';
  const note = document.createElement('p');
  note.className = 'snippet-framed-note';
  const link = document.createElement('a');
  link.href = location.href;
  link.target = '_top';
  link.textContent = 'Open this page on its own';
  note.append(link, ' to run or edit this code: it is shown here inside another site.');
  root.querySelector('.snippet-header')?.after(note);
}

export function bootSnippets(): void {
  const framed = framedByAnotherSite();
  for (const root of document.querySelectorAll<HTMLElement>('[data-snippet]:not([data-booted])')) {
    root.dataset['booted'] = '';
    if (framed) {
      offerPageOnItsOwn(root);
      continue;
    }
    const intents = ['pointerenter', 'focusin', 'touchstart'] as const;
    let started = false;
    let pending: string | undefined;
    const activate = (): void => {
      if (started) return;
      started = true;
      void load().then((module) => {
        // Until now, clicks were held here; from now on the controller hears them.
        root.removeEventListener('click', onClick, true);
        root.removeEventListener('keydown', onKey, true);
        module.activateSnippet(root, pending);
      });
    };
    const onIntent = (): void => activate();
    const onClick = (event: MouseEvent): void => {
      const control = (event.target as Element).closest<HTMLElement>('[data-action]');
      if (control && control.tagName !== 'A') {
        event.preventDefault();
        event.stopPropagation();
        pending = control.dataset['action'];
      }
      activate();
    };
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        pending = 'run';
        activate();
      }
    };
    root.addEventListener('click', onClick, true);
    root.addEventListener('keydown', onKey, true);
    // The playground is for running code, and a snippet with saved edits must show them: load at
    // once. A click that comes before the controller is still held above and replayed.
    const hasEdits = loadEdits(editsKey(location.pathname, root.dataset['snippet'] ?? '')) !== undefined;
    if (root.dataset['variant'] === 'playground' || hasEdits) activate();
    else for (const intent of intents) root.addEventListener(intent, onIntent, { once: true, passive: true });
  }
}
