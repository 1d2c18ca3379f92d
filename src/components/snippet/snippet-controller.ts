import { getPageRuntime } from '../../runtime/page-runtime';
import type { RunHandle, RunResult } from '../../runtime/client';
import { withBase } from '../../config/paths';
import { editsKey, loadEdits, saveEdits } from './edits-store';
import { codeFromHash, playgroundHash } from './share-link';
import { formatSize, OutputView } from './output/output-view';
import { TimelineView } from './timeline/timeline-view';
import { setTimelineEnabled, timelineEnabled } from './timeline/timeline-preference';
import type { EditorHandle } from './editor/mount-editor';

/**
 * One snippet, alive: the editor, the controls, the runtime and the output.
 * Framework-free; only the editor itself is React (Sandpack), loaded here.
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
  /** Whether the code was opened from a shared link (the playground's #code=). */
  private readonly fromLink: boolean;
  private readonly panel: HTMLElement;

  constructor(root: HTMLElement) {
    this.root = root;
    this.title = root.dataset['title'] ?? 'main.py';
    this.playground = root.dataset['variant'] === 'playground';
    const container = root.querySelector<HTMLElement>('[data-editor]')!;
    this.original = (container.querySelector('pre code')?.textContent ?? '').replace(/\n$/, '');
    this.storageKey = editsKey(location.pathname, root.dataset['snippet'] ?? this.title);
    const fromLink = this.playground ? codeFromHash(location.hash) : undefined;
    this.fromLink = fromLink !== undefined;
    // A shared link wins over saved edits; it is shown, never run, until the reader clicks Run.
    this.code = fromLink ?? loadEdits(this.storageKey) ?? this.original;
    this.status = root.querySelector<HTMLElement>('[data-status]')!;
    this.panel = root.querySelector<HTMLElement>('[data-output-panel]')!;
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
      this.perform(control.dataset['action'] ?? '');
    });
    // Captured before CodeMirror sees them: Ctrl/Cmd+Enter runs (CodeMirror would insert
    // a line), and Escape leaves the editor for the toolbar (unless it closes a popup).
    root.addEventListener(
      'keydown',
      (event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          event.stopPropagation();
          this.perform('run');
        } else if (
          event.key === 'Escape' &&
          (event.target as Element).closest('.cm-editor') &&
          !root.querySelector('.cm-tooltip')
        ) {
          event.preventDefault();
          (this.button('run') ?? this.button('copy'))?.focus();
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
    this.runtime.onProgress(({ loaded, total }) => {
      if (this.state !== 'loading') return;
      // Once the files are in, Python itself starts: seconds on a slow engine, with no bytes to count.
      if (loaded >= total) this.setStatus('Starting Python…');
      else this.setStatus(`Loading Python… ${Math.round((loaded / total) * 100)}% of ${(total / 1e6).toFixed(1)} MB`);
    });
    void this.runtime.prepare().catch(() => {
      // Shown when the reader runs: the run reports the load error.
    });
    this.markEdited();
    this.editorReady = this.loadEditor(container);
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
    if (this.playground) history.replaceState(null, '', playgroundHash(code));
    saveEdits(this.storageKey, code, this.original);
    this.markEdited();
  }

  private markEdited(): void {
    const edited = this.code !== this.original;
    const marker = this.root.querySelector<HTMLElement>('[data-edited]');
    if (marker) marker.hidden = !edited;
    this.setDisabled('reset', !edited);
    const open = this.button('open');
    if (open instanceof HTMLAnchorElement) open.href = withBase(`playground/${playgroundHash(this.code)}`);
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
      case 'share':
        void this.feedback('share', navigator.clipboard.writeText(this.shareUrl()), 'Link copied', 'Copy failed');
        return;
      case 'clear':
        this.view.clear();
        this.timeline.clear();
        this.setStatus('');
        return;
      case 'save-timeline':
        this.saveTimeline();
        return;
    }
  }

  private async reset(): Promise<void> {
    const editor = await this.editorReady;
    editor.setCode(this.original);
    this.code = this.original;
    saveEdits(this.storageKey, this.original, this.original);
    if (this.playground) history.replaceState(null, '', location.pathname);
    this.markEdited();
    editor.focus();
  }

  private shareUrl(): string {
    return new URL(withBase(`playground/${playgroundHash(this.code)}`), location.href).href;
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
    this.view.clear();
    this.timeline.clear();
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
      this.setState('error');
      this.setStatus(error instanceof Error ? error.message : String(error));
      return;
    } finally {
      if (pageRun === active) pageRun = undefined;
    }
    if (this.handle !== handle) return;
    this.view.flush();
    this.finish(result);
  }

  /** Set when another snippet's Run stopped this one, to say so. */
  stoppedBy: string | undefined;

  private finish(result: RunResult): void {
    const seconds = `${(result.durationMs / 1000).toFixed(2)} s`;
    const heldBack = result.heldBack ? ` · ${formatSize(result.heldBack.bytes)} of output not shown` : '';
    // Code from a link always gets a fresh Python: that needs no saying; what a run left behind does.
    const replaced = result.replaced && !this.fromLink ? ` · ${result.replaced}` : '';
    const lines = `${this.view.lineCount.toLocaleString('en')} line${this.view.lineCount === 1 ? '' : 's'}${heldBack}${replaced}`;
    switch (result.status) {
      case 'ok':
        this.setState('done');
        this.setStatus(`Finished in ${seconds} · ${lines}`);
        return;
      case 'error':
        this.setState('error');
        // A message says the runtime itself failed (it was replaced), not the program.
        this.setStatus(
          result.message ?? `Ended with an error (exit status ${result.exitCode}) after ${seconds} · ${lines}`,
        );
        return;
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
