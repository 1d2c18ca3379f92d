import { getPageRuntime } from '../../runtime/page-runtime';
import type { RunHandle } from '../../runtime/client';

/** Wires the playground's textarea, buttons and output to the page's Python runtime. */
export function bindScratchRunner(root: HTMLElement): void {
  const editor = root.querySelector<HTMLTextAreaElement>('textarea')!;
  const runButton = root.querySelector<HTMLButtonElement>('[data-action="run"]')!;
  const stopButton = root.querySelector<HTMLButtonElement>('[data-action="stop"]')!;
  const output = root.querySelector<HTMLElement>('[data-output]')!;
  const status = root.querySelector<HTMLElement>('[data-status]')!;
  const filename = root.dataset['filename'] ?? 'main.py';
  const runtime = getPageRuntime();
  let current: RunHandle | undefined;

  const setState = (state: string, text: string): void => {
    root.dataset['runState'] = state;
    status.textContent = text;
  };

  // Preload on intent, so the first Run is quick.
  const prepare = (): void => void runtime.prepare().catch(() => {});
  editor.addEventListener('focus', prepare, { once: true });
  runButton.addEventListener('pointerenter', prepare, { once: true });
  root.dataset['runtimeState'] = runtime.state;
  runtime.onStateChange((state) => (root.dataset['runtimeState'] = state));
  runtime.onProgress(({ loaded, total }) => {
    if (root.dataset['runState'] === 'loading') {
      status.textContent = `Loading Python… ${Math.round((loaded / total) * 100)}% of ${(total / 1e6).toFixed(1)} MB`;
    }
  });

  /** Output arrives in pieces; a line element grows until its newline arrives. */
  const appendText = (stream: 'stdout' | 'stderr', open: Partial<Record<'stdout' | 'stderr', HTMLElement>>, text: string): void => {
    const parts = text.split('\n');
    parts.forEach((part, index) => {
      const isLast = index === parts.length - 1;
      if (isLast && part === '') return;
      let line = open[stream];
      if (!line) {
        line = document.createElement('div');
        line.className = `output-line output-${stream}`;
        line.dataset['stream'] = stream;
        output.append(line);
        open[stream] = line;
      }
      line.textContent += part;
      if (!isLast) delete open[stream];
    });
  };

  const run = async (): Promise<void> => {
    current?.stop();
    output.replaceChildren();
    const open: Partial<Record<'stdout' | 'stderr', HTMLElement>> = {};
    setState(runtime.state === 'ready' ? 'running' : 'loading', runtime.state === 'ready' ? 'Running…' : 'Loading Python…');
    runButton.disabled = true;
    stopButton.disabled = false;
    const timeLimit = Number(root.dataset['timeLimitMs']);
    const handle = runtime.run(editor.value, {
      filename,
      ...(timeLimit > 0 ? { timeLimitMs: timeLimit } : {}),
      onOutput: (chunk) => {
        if (root.dataset['runState'] === 'loading') setState('running', 'Running…');
        appendText(chunk.stream, open, chunk.text);
        output.scrollTop = output.scrollHeight;
      },
    });
    current = handle;
    try {
      const result = await handle.done;
      if (current !== handle) return;
      const seconds = (result.durationMs / 1000).toFixed(2);
      if (result.status === 'ok') setState('done', `Finished in ${seconds} s`);
      else if (result.status === 'error') setState('error', `Ended with an error after ${seconds} s`);
      else setState('stopped', result.message ?? 'Stopped.');
    } catch (error) {
      setState('error', error instanceof Error ? error.message : String(error));
    } finally {
      if (current === handle) {
        current = undefined;
        runButton.disabled = false;
        stopButton.disabled = true;
      }
    }
  };

  runButton.addEventListener('click', () => void run());
  stopButton.addEventListener('click', () => current?.stop());
  editor.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void run();
    }
  });
}
