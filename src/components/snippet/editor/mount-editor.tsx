import { createRoot } from 'react-dom/client';
import { EditorSelection } from '@codemirror/state';
import { SnippetEditor, type EditorBridge } from './SnippetEditor';

export interface EditorHandle {
  getCode(): string;
  setCode(code: string): void;
  /** Puts the cursor at the start of a 1-based line and focuses the editor. */
  goToLine(line: number): void;
  focus(): void;
}

export interface MountOptions {
  code: string;
  filename: string;
  onChange(code: string): void;
}

/** Mounts the editor in place of the static code; resolves once CodeMirror is there. */
export function mountEditor(container: HTMLElement, options: MountOptions): Promise<EditorHandle> {
  let current = options.code;
  return new Promise((resolve) => {
    const onReady = (bridge: EditorBridge): void => {
      const handle: EditorHandle = {
        getCode: () => current,
        setCode: (code) => {
          current = code;
          bridge.setCode(code);
        },
        goToLine: (line) => {
          const view = bridge.view();
          if (!view) return;
          const target = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines));
          view.dispatch({ selection: EditorSelection.cursor(target.from), scrollIntoView: true });
          view.focus();
        },
        focus: () => bridge.view()?.focus(),
      };
      resolve(handle);
    };
    const mountPoint = document.createElement('div');
    // Drawn over the static code, invisible, until CodeMirror is there: then swapped in.
    mountPoint.className = 'snippet-editor-live snippet-editor-pending';
    const root = createRoot(mountPoint);
    root.render(
      <SnippetEditor
        initialCode={options.code}
        filename={options.filename}
        onChange={(code) => {
          current = code;
          options.onChange(code);
        }}
        onReady={onReady}
      />,
    );
    // Swap only when CodeMirror has drawn and measured its lines (its gutter starts
    // with estimated heights), so the static code never leaves a gap and nothing shifts.
    const measured = (): boolean => {
      const line = mountPoint.querySelector('.cm-line');
      const gutter = mountPoint.querySelector('.cm-lineNumbers .cm-gutterElement:not([style*="visibility"])');
      if (!line || !gutter) return false;
      return Math.abs(gutter.getBoundingClientRect().height - line.getBoundingClientRect().height) < 0.5;
    };
    const reveal = (framesLeft: number): void => {
      if (!measured() && framesLeft > 0) {
        requestAnimationFrame(() => reveal(framesLeft - 1));
        return;
      }
      for (const child of [...container.children]) if (child !== mountPoint) child.remove();
      mountPoint.classList.remove('snippet-editor-pending');
    };
    const swap = new MutationObserver(() => {
      if (!mountPoint.querySelector('.cm-content')) return;
      swap.disconnect();
      requestAnimationFrame(() => reveal(30));
    });
    swap.observe(mountPoint, { childList: true, subtree: true });
    container.append(mountPoint);
  });
}
