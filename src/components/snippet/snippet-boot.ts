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

export function bootSnippets(): void {
  for (const root of document.querySelectorAll<HTMLElement>('[data-snippet]:not([data-booted])')) {
    root.dataset['booted'] = '';
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
