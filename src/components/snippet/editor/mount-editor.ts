import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import {
  defaultKeymap,
  deleteGroupBackward,
  history,
  historyKeymap,
  indentLess,
  indentMore,
} from '@codemirror/commands';
import { python } from '@codemirror/lang-python';
import {
  bracketMatching,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
  syntaxTreeAvailable,
} from '@codemirror/language';
import { EditorSelection, EditorState, Prec } from '@codemirror/state';
import {
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { editorHighlight, editorTheme } from './editor-theme';
import { pythonTokenMarks } from './python-tokens';

/**
 * The snippet editor: CodeMirror 6 with Python, straight on the DOM. Its work per keystroke is
 * CodeMirror's own, which grows with the lines on screen, not with the length of the program.
 */
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

const HINTS = {
  reading: 'Enter to edit · Tab to move on',
  editing: 'Editing · Esc to stop, then Tab to move on',
};

/**
 * Whether the reader is editing, as in the editors embedded in the best docs: Tab reaches the code
 * and moves on past it, like any other stop on the page, until the reader starts editing (Enter, a
 * click, or typing); then Tab indents, and Escape stops editing, focus staying on the code. Shown
 * on the editor's container as data-editing, and in a hint the code's box shows while focused.
 */
function editingMode(container: HTMLElement, hint: HTMLElement) {
  let editing = false;
  const set = (value: boolean): void => {
    editing = value;
    container.toggleAttribute('data-editing', value);
    hint.textContent = value ? HINTS.editing : HINTS.reading;
  };
  set(false);
  const whenEditing = (command: (view: EditorView) => boolean) => (view: EditorView) => editing && command(view);
  return [
    Prec.highest(
      keymap.of([
        { key: 'Tab', run: whenEditing(indentMore), shift: whenEditing(indentLess) },
        { key: 'Enter', run: () => !editing && (set(true), true) },
        { key: 'Escape', run: () => editing && (set(false), true) },
      ]),
    ),
    EditorView.domEventHandlers({
      mousedown: () => set(true),
      blur: () => set(false),
    }),
    EditorView.updateListener.of((update) => {
      if (
        !editing &&
        update.transactions.some((transaction) => transaction.isUserEvent('input') || transaction.isUserEvent('delete'))
      )
        set(true);
    }),
  ];
}

function extensions(
  filename: string,
  onChange: (code: string) => void,
  modes: ReturnType<typeof editingMode>,
  hintId: string,
) {
  return [
    modes,
    lineNumbers(),
    highlightActiveLineGutter(),
    // Shows control characters (bidi overrides among them) as marks instead of letting them act.
    highlightSpecialChars(),
    history(),
    indentOnInput(),
    closeBrackets(),
    bracketMatching(),
    highlightActiveLine(),
    python(),
    // Four spaces, as PEP 8 and every example here indent.
    indentUnit.of('    '),
    syntaxHighlighting(editorHighlight),
    pythonTokenMarks,
    editorTheme,
    keymap.of([
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...historyKeymap,
      { key: 'Mod-Backspace', run: deleteGroupBackward },
    ]),
    // The editable area is a tab stop already (contenteditable); saying so lets assistive checks see
    // that a scrolled editor is reachable by keyboard.
    EditorView.contentAttributes.of({
      tabindex: '0',
      'aria-label': `Code editor for ${filename}`,
      'aria-describedby': hintId,
    }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange(update.state.doc.toString());
    }),
  ];
}

/** Mounts the editor in place of the static code; resolves once CodeMirror is there. */
export function mountEditor(container: HTMLElement, options: MountOptions): Promise<EditorHandle> {
  const mountPoint = document.createElement('div');
  // Drawn over the static code, invisible, until CodeMirror has measured its lines: then swapped in.
  mountPoint.className = 'snippet-editor-live snippet-editor-pending';
  const hint = document.createElement('p');
  hint.className = 'snippet-editor-hint';
  hint.id = `${container.closest('[id]')?.id ?? 'snippet'}-editor-hint`;
  mountPoint.append(hint);
  container.append(mountPoint);
  const modes = editingMode(container, hint);
  const view = new EditorView({
    parent: mountPoint,
    state: EditorState.create({
      doc: options.code,
      extensions: extensions(options.filename, options.onChange, modes, hint.id),
    }),
  });
  const handle: EditorHandle = {
    getCode: () => view.state.doc.toString(),
    setCode: (code) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
    goToLine: (line) => {
      const target = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines));
      view.dispatch({ selection: EditorSelection.cursor(target.from), scrollIntoView: true });
      view.focus();
    },
    focus: () => view.focus(),
  };
  // Swap only when CodeMirror has drawn and measured its lines (its gutter starts with estimated
  // heights), so the static code never leaves a gap and nothing shifts.
  // And only once the code in view is parsed, so that it shows highlighted from the first frame.
  const ready = (): boolean => measured() && syntaxTreeAvailable(view.state, view.viewport.to);
  const measured = (): boolean => {
    const line = mountPoint.querySelector('.cm-line');
    const gutter = mountPoint.querySelector('.cm-lineNumbers .cm-gutterElement:not([style*="visibility"])');
    if (!line || !gutter) return false;
    return Math.abs(gutter.getBoundingClientRect().height - line.getBoundingClientRect().height) < 0.5;
  };
  return new Promise((resolve) => {
    const reveal = (framesLeft: number): void => {
      if (!ready() && framesLeft > 0) {
        requestAnimationFrame(() => reveal(framesLeft - 1));
        return;
      }
      // The static code had the focus (a Tab reached it): the code it gives way to takes it on.
      const focused = document.activeElement;
      const hadFocus = focused !== null && container.contains(focused) && !mountPoint.contains(focused);
      for (const child of [...container.children]) if (child !== mountPoint) child.remove();
      mountPoint.classList.remove('snippet-editor-pending');
      if (hadFocus) view.contentDOM.focus({ preventScroll: true });
      resolve(handle);
    };
    requestAnimationFrame(() => reveal(30));
  });
}
