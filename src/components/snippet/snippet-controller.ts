import { getPageRuntime } from '../../runtime/page-runtime';
import type { RunHandle, RunResult } from '../../runtime/client';
import { withBase } from '../../config/paths';
import { editsKey, loadEdits, saveEdits } from './edits-store';
import { codeFromHash, LINK_LIMITS, playgroundHash, type LinkedCode } from './share-link';
import { LinkNotice } from './link-notice';
import { formatSize, OutputView } from './output/output-view';
import { OutputMatchView } from './output/output-match';
import { TimelineView } from './timeline/timeline-view';
import { setTimelineEnabled, timelineEnabled } from './timeline/timeline-preference';
import type { EditorHandle } from './editor/mount-editor';
import { formatCount } from './format-count';

/**
 * One snippet, alive: the editor, the controls, the runtime and the output.
 * Framework-free: the editor is CodeMirror (editor/mount-editor.ts), loaded here.
 *
 * data-run-state on the root is the test contract: idle, loading, running,
 * done, error or stopped.
 */

type RunState = 'idle' | 'loading' | 'running' | 'done' | 'error' | 'stopped';

interface ActiveRun {
  snippet: SnippetController;
  handle: RunHandle;
}

/** The run of this page, whichever snippet started it: a new run stops it first. */
let pageRun: ActiveRun | undefined;
const controllers = new WeakMap<HTMLElement, SnippetController>();

export function activateSnippet(root: HTMLElement, pendingAction?: string): SnippetController {
  let controller = controllers.get(root);
  if (!controller) {
    controller = new SnippetController(root);
    controllers.set(root, controller);
  }
  if (pendingAction) controller.perform(pendingAction);
  return controller;
}

const FEEDBACK_MS = 2000;
/** Characters of an exception's line the status shows; the output has all of it. */
const MAX_STATUS_ERROR = 160;
/** How long after the last keystroke edits are saved and links rewritten (compressing long code takes a while). */
const PERSIST_DELAY_MS = 300;

export class SnippetController {
  private readonly root: HTMLElement;
  private readonly title: string;
  private readonly original: string;
  private readonly storageKey: string;
  private readonly playground: boolean;
  private code: string;
  private editor: EditorHandle | undefined;
  private readonly editorReady: Promise<EditorHandle>;
  private readonly view: OutputView;
  private readonly timeline: TimelineView;
  private readonly timelineSwitch: HTMLInputElement | null;
  private readonly runtime = getPageRuntime();
  private handle: RunHandle | undefined;
  private readonly button = (action: string) => this.root.querySelector<HTMLElement>(`[data-action="${action}"]`);
  private readonly status: HTMLElement;
  /** The code the playground opened from a link (its #code=), until the reader turns to their own. */
  private link: LinkedCode | undefined;
  /**
   * Whether edits of linked code are saved as the reader's: only where no code of theirs was saved,
   * so that a link never replaces it.
   */
  private readonly saveLinkEdits: boolean;
  private readonly linkNotice: LinkNotice | undefined;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly panel: HTMLElement;
  private readonly runLine: HTMLElement;
  /** Whether the run, expected output and all, matches what the page shows: undefined without one. */
  private readonly match: OutputMatchView | undefined;

  constructor(root: HTMLElement) {
    this.root = root;
    this.title = root.dataset['title'] ?? 'main.py';
    this.playground = root.dataset['variant'] === 'playground';
    const container = root.querySelector<HTMLElement>('[data-editor]')!;
    this.original = (container.querySelector('pre code')?.textContent ?? '').replace(/\n$/, '');
    this.storageKey = editsKey(location.pathname, root.dataset['snippet'] ?? this.title);
    const saved = loadEdits(this.storageKey);
    const link = this.playground ? codeFromHash(location.hash) : undefined;
    // A link to the reader's own saved code (the address this page kept) is theirs, not someone else's.
    this.link = link && !(link.complete && link.code === saved) ? link : undefined;
    this.saveLinkEdits = saved === undefined;
    // A shared link is shown over saved edits, which it leaves alone; it never runs until the reader clicks Run.
    this.code = this.link?.code ?? saved ?? this.original;
    this.linkNotice = this.playground ? new LinkNotice(root) : undefined;
    this.showLinkNotice(false);
    this.status = root.querySelector<HTMLElement>('[data-status]')!;
    this.panel = root.querySelector<HTMLElement>('[data-output-panel]')!;
    this.runLine = root.querySelector<HTMLElement>('[data-run-line]')!;
    const template = root.querySelector<HTMLElement>('[data-expected]')?.dataset['expectedTemplate'];
    const matchRoot = root.querySelector<HTMLElement>('[data-match]');
    this.match = template !== undefined && matchRoot ? new OutputMatchView(matchRoot, template) : undefined;
    this.offerJumpToOutput();
    const log = root.querySelector<HTMLElement>('[data-log]')!;
    this.view = new OutputView(log, { filename: this.title, onLineLink: (line) => this.editor?.goToLine(line) });
    this.view.clear();
    this.timeline = new TimelineView(root.querySelector<HTMLElement>('[data-timeline]')!);
    this.timelineSwitch = root.querySelector<HTMLInputElement>('[data-timeline-switch]');
    if (this.timelineSwitch) {
      this.timelineSwitch.checked = timelineEnabled();
      this.timelineSwitch.addEventListener('change', () => {
        const enabled = this.timelineSwitch!.checked;
        setTimelineEnabled(enabled);
        // Off hides what is drawn now; on takes effect from the next run.
        if (!enabled) this.timeline.clear();
      });
    }

    root.addEventListener('click', (event) => {
      const control = (event.target as Element).closest<HTMLElement>('[data-action]');
      if (!control || control.tagName === 'A') return;
      const action = control.dataset['action'] ?? '';
      this.perform(action);
      // On a phone these actions sit in the More sheet: it closes once they are done, Copy and
      // Share once the reader has seen that they worked.
      const sheet = control.closest<HTMLElement>('[popover]');
      if (sheet?.matches(':popover-open'))
        setTimeout(() => sheet.hidePopover(), action === 'copy' || action === 'share' ? FEEDBACK_MS : 0);
    });
    // Captured before CodeMirror sees it, which would insert a line: Ctrl/Cmd+Enter runs.
    root.addEventListener(
      'keydown',
      (event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          event.stopPropagation();
          this.perform('run');
        }
      },
      true,
    );
    root.querySelector<HTMLInputElement>('[data-times]')?.addEventListener('change', (event) => {
      log.classList.toggle('show-times', (event.target as HTMLInputElement).checked);
    });
    // data-runtime-state: idle, loading, ready or failed (for styling, and for the benchmarks);
    // data-runtime-path, once ready: how this browser's runtime waits (jspi, atomics or busy-wait).
    const showPath = (): void => {
      const path = this.runtime.path;
      if (path) root.dataset['runtimePath'] = path;
      else delete root.dataset['runtimePath'];
    };
    root.dataset['runtimeState'] = this.runtime.state;
    showPath();
    this.runtime.onStateChange((state) => {
      root.dataset['runtimeState'] = state;
      showPath();
      // A program that prints nothing is running all the same once Python has loaded.
      if (state === 'ready' && this.state === 'loading') {
        this.setState('running');
        this.setStatus('Running…');
      }
    });
    this.runtime.onProgress(({ loaded, total, transferTotal }) => {
      if (this.state !== 'loading') return;
      // Once the files are in, Python itself starts: seconds on a slow engine, with no bytes to count.
      if (loaded >= total) this.setStatus('Starting Python…');
      else
        this.setStatus(
          `Loading Python… ${Math.round((loaded / total) * 100)}% of ${(transferTotal / 1e6).toFixed(1)} MB`,
        );
    });
    void this.runtime.prepare().catch(() => {
      // Shown when the reader runs: the run reports the load error.
    });
    this.markEdited();
    // "Open in playground" was built for the original: edits saved in an earlier visit need their own link.
    if (!this.playground && this.code !== this.original) this.schedulePersist();
    // What is still to be saved is saved as the page goes, and a link is up to date before it is followed.
    addEventListener('pagehide', () => this.persist());
    for (const intent of ['pointerdown', 'focusin'] as const)
      this.button('open')?.addEventListener(intent, () => this.persist());
    this.editorReady = this.loadEditor(container);
  }

  private get fromLink(): boolean {
    return this.link !== undefined;
  }

  /** What Reset brings back and edits are measured against: the link's code as it came, or the original. */
  private get baseline(): string {
    return this.link?.code ?? this.original;
  }

  private showLinkNotice(fullTooLarge: boolean): void {
    if (!this.link) {
      this.linkNotice?.hide();
      return;
    }
    const lines = this.link.code.split('\n').length - (this.link.code.endsWith('\n') ? 1 : 0);
    this.linkNotice?.show({
      ...(this.link.complete ? {} : { shownLines: lines }),
      fullTooLarge,
      ownCodeKept: !this.saveLinkEdits,
    });
  }

  private get state(): RunState {
    return (this.root.dataset['runState'] as RunState | undefined) ?? 'idle';
  }

  private setState(state: RunState): void {
    this.root.dataset['runState'] = state;
    const busy = state === 'loading' || state === 'running';
    this.setDisabled('run', false);
    this.setDisabled('stop', !busy);
  }

  private setDisabled(action: string, disabled: boolean): void {
    const button = this.button(action);
    if (button instanceof HTMLButtonElement) button.disabled = disabled;
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }

  private async loadEditor(container: HTMLElement): Promise<EditorHandle> {
    const { mountEditor } = await import('./editor/mount-editor');
    const editor = await mountEditor(container, {
      code: this.code,
      filename: this.title,
      onChange: (code) => this.onEdit(code),
    });
    this.editor = editor;
    this.root.dataset['editor'] = 'ready';
    return editor;
  }

  private onEdit(code: string): void {
    this.code = code;
    this.markEdited();
    this.schedulePersist();
  }

  private markEdited(): void {
    const edited = this.code !== this.baseline;
    const marker = this.root.querySelector<HTMLElement>('[data-edited]');
    if (marker) marker.hidden = !edited;
    this.setDisabled('reset', !edited);
  }

  private schedulePersist(): void {
    clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => this.persist(), PERSIST_DELAY_MS);
  }

  /**
   * Saves the edits and writes the links that carry the code: the playground's own address, while
   * its code is a link's (so a reload keeps it), and "Open in playground".
   */
  private persist(): void {
    if (this.persistTimer === undefined) return;
    clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    // Linked code becomes the reader's once they change it, where that replaces nothing of theirs.
    const saving = !this.link || (this.saveLinkEdits && this.code !== this.link.code);
    if (saving) saveEdits(this.storageKey, this.code, this.original);
    const open = this.button('open');
    const linkWanted = this.link !== undefined || open instanceof HTMLAnchorElement;
    // Compressing is the costly part: only for a link that is written.
    const hash = linkWanted ? playgroundHash(this.code) : undefined;
    // Code too long for a link keeps the address it came with.
    if (this.link && hash) history.replaceState(null, '', hash);
    else if (this.playground && !this.link && location.hash) history.replaceState(null, '', location.pathname);
    if (open instanceof HTMLAnchorElement) open.href = withBase(`playground/${hash ?? ''}`);
  }

  perform(action: string): void {
    switch (action) {
      case 'run':
        void this.run();
        return;
      case 'stop':
        this.handle?.stop();
        return;
      case 'reset':
        void this.reset();
        return;
      case 'copy':
        void this.feedback('copy', navigator.clipboard.writeText(this.code), 'Copied', 'Copy failed');
        return;
      case 'download':
        this.download();
        return;
      case 'share': {
        const url = this.shareUrl();
        if (url) void this.feedback('share', navigator.clipboard.writeText(url), 'Link copied', 'Copy failed');
        else void this.feedback('share', Promise.reject(new Error('too long')), '', 'Too long for a link');
        return;
      }
      case 'clear':
        this.view.clear();
        this.timeline.clear();
        this.clearMatch();
        this.setStatus('');
        return;
      case 'show-output':
        this.panel.scrollIntoView({ block: 'start' });
        this.panel.querySelector<HTMLElement>('[data-log]')?.focus({ preventScroll: true });
        return;
      case 'save-timeline':
        this.saveTimeline();
        return;
      case 'open-full':
        void this.openLinkInFull();
        return;
      case 'own-code':
        void this.showOwnCode();
        return;
    }
  }

  /**
   * A long snippet's output starts far below its Run button: while it is out of view, the status
   * line next to Run offers a jump to it.
   */
  private offerJumpToOutput(): void {
    const jump = this.button('show-output');
    if (!jump) return;
    new IntersectionObserver(([entry]) => (jump.hidden = entry?.isIntersecting ?? true)).observe(this.panel);
  }

  private clearMatch(): void {
    this.match?.clear();
    delete this.root.dataset['outputMatch'];
  }

  /** The whole of a link that was cut on opening, up to what the editor can hold. */
  private async openLinkInFull(): Promise<void> {
    if (!this.link) return;
    const full = codeFromHash(`#code=${this.link.encoded}`, LINK_LIMITS.fullChars);
    if (!full) return;
    const editor = await this.editorReady;
    this.link = full;
    this.showLinkNotice(!full.complete);
    editor.setCode(full.code);
    this.onEdit(full.code);
  }

  /** Leaves the link's code for the reader's own, saved before the link was opened. */
  private async showOwnCode(): Promise<void> {
    const editor = await this.editorReady;
    this.link = undefined;
    this.showLinkNotice(false);
    const own = loadEdits(this.storageKey) ?? this.original;
    editor.setCode(own);
    this.onEdit(own);
    this.persist();
    editor.focus();
  }

  private async reset(): Promise<void> {
    const editor = await this.editorReady;
    const baseline = this.baseline;
    editor.setCode(baseline);
    this.onEdit(baseline);
    this.persist();
    editor.focus();
  }

  /** The link to the code in the playground, or undefined when the code is too long for one. */
  private shareUrl(): string | undefined {
    const hash = playgroundHash(this.code);
    return hash && new URL(withBase(`playground/${hash}`), location.href).href;
  }

  private download(): void {
    saveFile(this.title, `${this.code}\n`, 'text/x-python');
  }

  private saveTimeline(): void {
    const file = this.timeline.toSvgFile();
    if (file) saveFile(this.title.replace(/\.py$/, '-timeline.svg'), file, 'image/svg+xml');
  }

  private async feedback(action: string, work: Promise<unknown>, done: string, failed: string): Promise<void> {
    const button = this.button(action);
    if (!button) return;
    const label = button.textContent;
    try {
      await work;
      button.textContent = done;
    } catch {
      button.textContent = failed;
    }
    setTimeout(() => (button.textContent = label), FEEDBACK_MS);
  }

  private async run(): Promise<void> {
    if (pageRun) {
      const previous = pageRun;
      previous.snippet.stoppedBy = previous.snippet === this ? 'restart' : this.title;
      previous.handle.stop();
      await previous.handle.done.catch(() => undefined);
    }
    this.panel.hidden = false;
    this.runLine.hidden = false;
    this.view.clear();
    this.timeline.clear();
    this.clearMatch();
    this.stoppedBy = undefined;
    const ready = this.runtime.state === 'ready';
    this.setState(ready ? 'running' : 'loading');
    this.setStatus(ready ? 'Running…' : 'Loading Python…');
    const timeLimit = Number(this.root.dataset['timeLimitMs']);
    const handle = this.runtime.run(this.code, {
      filename: this.title,
      ...(timeLimit > 0 ? { timeLimitMs: timeLimit } : {}),
      timeline: this.timelineSwitch?.checked ?? false,
      // Someone else's code: it runs in a worker of its own (see RunOptions.untrusted).
      untrusted: this.fromLink,
      onTimeline: (timeline) => this.timeline.render(timeline),
      onOutput: (chunk) => {
        if (this.state === 'loading') {
          this.setState('running');
          this.setStatus('Running…');
        }
        this.view.append(chunk);
      },
    });
    this.handle = handle;
    const active = { snippet: this, handle };
    pageRun = active;
    let result: RunResult;
    try {
      result = await handle.done;
    } catch (error) {
      this.view.flush();
      this.timeline.flush();
      this.setState('error');
      this.setStatus(error instanceof Error ? error.message : String(error));
      return;
    } finally {
      if (pageRun === active) pageRun = undefined;
    }
    if (this.handle !== handle) return;
    this.view.flush();
    this.timeline.flush();
    this.finish(result);
  }

  /** Set when another snippet's Run stopped this one, to say so. */
  stoppedBy: string | undefined;

  private finish(result: RunResult): void {
    const seconds = `${(result.durationMs / 1000).toFixed(2)} s`;
    const heldBack = result.heldBack ? ` · ${formatSize(result.heldBack.bytes)} of output not shown` : '';
    // Code from a link always gets a fresh Python: that needs no saying; what a run left behind does.
    const replaced = result.replaced && !this.fromLink ? ` · ${result.replaced}` : '';
    const lines = `${formatCount(this.view.lineCount)} line${this.view.lineCount === 1 ? '' : 's'}${heldBack}${replaced}`;
    if (result.status !== 'stopped' && this.match)
      this.root.dataset['outputMatch'] = this.match.show(this.view.text, this.code !== this.original);
    switch (result.status) {
      case 'ok':
        this.setState('done');
        this.setStatus(`Finished in ${seconds} · ${lines}`);
        return;
      case 'error': {
        this.setState('error');
        // The line that names the exception, which a long traceback puts out of view.
        const raised = this.view.lastErrorLine;
        const because = raised
          ? `: ${raised.length > MAX_STATUS_ERROR ? `${raised.slice(0, MAX_STATUS_ERROR)}…` : raised}`
          : '';
        // A message says the runtime itself failed (it was replaced), not the program.
        this.setStatus(
          result.message ??
            `Ended with an error (exit status ${result.exitCode}) after ${seconds}${because} · ${lines}`,
        );
        return;
      }
      default:
        this.setState('stopped');
        this.setStatus(
          this.stoppedBy && this.stoppedBy !== 'restart'
            ? `Stopped after ${seconds}: ${this.stoppedBy} started running.`
            : (result.message ?? `Stopped after ${seconds}.`),
        );
    }
  }
}

function saveFile(name: string, contents: string, type: string): void {
  const url = URL.createObjectURL(new Blob([contents], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
