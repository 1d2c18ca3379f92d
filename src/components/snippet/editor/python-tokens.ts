import { syntaxTree } from '@codemirror/language';
import { RangeSetBuilder } from '@codemirror/state';
import { Decoration, type DecorationSet, type EditorView, ViewPlugin, type ViewUpdate } from '@codemirror/view';

/**
 * What the static code's highlighter (Shiki's Python grammar) colours and CodeMirror's Python
 * parser does not tag apart: builtins, exceptions, CONSTANTS, magic names and self, keyword
 * arguments, decorators, a class's bases, the prefix of raw and f-strings, an f-string's braces
 * and format spec. Marked here from the syntax tree, so that the code looks the same before and
 * after the editor takes over (editor-theme.ts has the colours).
 */
const BUILTINS = new Set(
  (
    'ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError BrokenPipeError ' +
    'BufferError BytesWarning ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError ' +
    'ConnectionResetError DeprecationWarning EOFError EncodingWarning EnvironmentError Exception ExceptionGroup ' +
    'FileExistsError FileNotFoundError FloatingPointError FutureWarning GeneratorExit IOError ImportError ' +
    'ImportWarning IndentationError IndexError InterruptedError IsADirectoryError KeyError KeyboardInterrupt ' +
    'LookupError MemoryError ModuleNotFoundError NameError NotADirectoryError NotImplemented NotImplementedError ' +
    'OSError OverflowError PendingDeprecationWarning PermissionError ProcessLookupError PythonFinalizationError ' +
    'RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration ' +
    'SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError TypeError UnboundLocalError ' +
    'UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning UserWarning ValueError ' +
    'Warning ZeroDivisionError abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr ' +
    'classmethod compile complex delattr dict dir divmod enumerate eval exec filter float format frozenset getattr ' +
    'globals hasattr hash hex id input int isinstance issubclass iter len list locals map max memoryview min next ' +
    'object oct open ord pow print property range repr reversed round set setattr slice sorted staticmethod str sum ' +
    'super tuple type vars zip'
  ).split(' '),
);
const CONSTANT = /^_*[A-Z][A-Z0-9_]+$/;
/** `__init__`, `__name__`, `__aenter__`: magic names, coloured as builtins wherever they stand. */
const MAGIC = /^__\w+__$/;
const SPECIAL_NAMES = new Set(['self', 'cls']);
/** A string prefix Shiki colours as a keyword: raw and f-strings (a bytes prefix alone it leaves). */
const KEYWORD_PREFIX = /^[bBuU]?[rRfF][bBrRfF]?(?=['"])/;

const marks = {
  builtin: Decoration.mark({ class: 'cm-py-builtin' }),
  keywordArgument: Decoration.mark({ class: 'cm-py-keyword-argument' }),
  decorator: Decoration.mark({ class: 'cm-py-decorator' }),
  stringPrefix: Decoration.mark({ class: 'cm-py-string-prefix' }),
  placeholder: Decoration.mark({ class: 'cm-py-placeholder' }),
};

function tokenMarks(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  const { doc } = view.state;
  for (const { from, to } of view.visibleRanges) {
    syntaxTree(view.state).iterate({
      from,
      to,
      enter: ({ name, from: start, to: end, node }) => {
        const parent = node.parent;
        if (name === 'VariableName') {
          const text = doc.sliceString(start, end);
          if (parent?.name === 'ArgList' && node.nextSibling?.name === 'AssignOp')
            builder.add(start, end, marks.keywordArgument);
          else if (parent?.name === 'Decorator') builder.add(start, end, marks.decorator);
          else if (
            BUILTINS.has(text) ||
            CONSTANT.test(text) ||
            MAGIC.test(text) ||
            // self as a parameter is plain, as in Shiki; self.x is marked.
            (SPECIAL_NAMES.has(text) && parent?.name !== 'ParamList') ||
            (parent?.name === 'ArgList' && parent.parent?.name === 'ClassDefinition')
          )
            builder.add(start, end, marks.builtin);
        } else if (name === 'PropertyName') {
          if (MAGIC.test(doc.sliceString(start, end))) builder.add(start, end, marks.builtin);
        } else if (name === 'FormatString' || name === 'String') {
          const prefix = KEYWORD_PREFIX.exec(doc.sliceString(start, Math.min(end, start + 4)))?.[0];
          if (prefix) builder.add(start, start + prefix.length, marks.stringPrefix);
        } else if (
          ((name === '{' || name === '}') && parent?.name === 'FormatReplacement') ||
          (name === ':' && parent?.name === 'FormatSpec')
        ) {
          builder.add(start, end, marks.placeholder);
        }
      },
    });
  }
  return builder.finish();
}

export const pythonTokenMarks = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = tokenMarks(view);
    }
    update(update: ViewUpdate): void {
      if (update.docChanged || update.viewportChanged || syntaxTree(update.startState) !== syntaxTree(update.state))
        this.decorations = tokenMarks(update.view);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);
