import { useEffect, useMemo, useRef } from 'react';
import { SandpackCodeEditor, SandpackProvider, useSandpack, type CodeEditorRef } from '@codesandbox/sandpack-react';
import { python } from '@codemirror/lang-python';
import { EditorView } from '@codemirror/view';
import { editorTheme } from './editor-theme';

export interface EditorBridge {
  view(): EditorView | undefined;
  setCode(code: string): void;
}

interface Props {
  initialCode: string;
  filename: string;
  onChange(code: string): void;
  onReady(bridge: EditorBridge): void;
}

const PYTHON = [{ name: 'python', extensions: ['py'], language: python() }];
// The editable area is a tab stop already (contenteditable); saying so with tabindex lets
// assistive checks see that a scrolled editor is reachable by keyboard.
const EXTENSIONS = [EditorView.contentAttributes.of({ tabindex: '0' })];

/**
 * Sandpack's code editor only: no preview and no bundler (they would contact
 * other servers). Python through @codemirror/lang-python.
 */
export function SnippetEditor({ initialCode, filename, onChange, onReady }: Props) {
  const path = `/${filename}`;
  // Memoised: a new `files` object on re-render would reset the editor and lose edits.
  const files = useMemo(() => ({ [path]: { code: initialCode } }), [path, initialCode]);
  return (
    <SandpackProvider files={files} theme={editorTheme} options={{ activeFile: path, visibleFiles: [path], initMode: 'immediate' }}>
      <Bridge path={path} onChange={onChange} onReady={onReady} />
    </SandpackProvider>
  );
}

function Bridge({
  path,
  onChange,
  onReady,
}: {
  path: string;
  onChange(code: string): void;
  onReady(bridge: EditorBridge): void;
}) {
  const { sandpack } = useSandpack();
  const editor = useRef<CodeEditorRef>(null);
  const code = sandpack.files[path]?.code ?? '';
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    onChange(code);
  }, [code, onChange]);
  const update = sandpack.updateFile;
  useEffect(() => {
    onReady({ view: () => editor.current?.getCodemirror(), setCode: (next) => update(path, next) });
  }, [onReady, update, path]);
  return (
    <SandpackCodeEditor
      ref={editor}
      showTabs={false}
      showLineNumbers
      showRunButton={false}
      showInlineErrors={false}
      wrapContent={false}
      additionalLanguages={PYTHON}
      extensions={EXTENSIONS}
      initMode="immediate"
    />
  );
}
