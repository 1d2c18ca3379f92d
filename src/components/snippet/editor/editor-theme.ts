import { HighlightStyle } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';

/**
 * The editor's look: the static code's box (padding, font, line height), so that nothing moves
 * when the editor replaces it, and its colours as light-dark() pairs from the GitHub palettes Shiki
 * uses for the static code, in both site themes, with no script.
 */
const pair = (light: string, dark: string): string => `light-dark(${light}, ${dark})`;
const KEYWORD = pair('#cf222e', '#ff7b72');
const CONSTANT = pair('#0550ae', '#79c0ff');
const DEFINITION = pair('#8250df', '#d2a8ff');
const NAMED = pair('#953800', '#ffa657');

export const editorTheme = EditorView.theme({
  '&': {
    color: 'var(--color-text)',
    backgroundColor: 'var(--color-bg-code)',
  },
  '&.cm-focused': { outline: '2px solid var(--color-focus)', outlineOffset: '-2px' },
  // The static code's <code> is 0.9em of its <pre>'s 0.9rem, on lines of 1.5 × 0.9rem.
  '.cm-scroller': { padding: '1rem 0', fontFamily: 'var(--font-mono)', fontSize: '0.81rem', lineHeight: '1.35rem' },
  '.cm-content': { padding: '0', caretColor: 'var(--color-text)' },
  // With the gutter's 2.4rem, the text starts 3.1rem in, where the static code's does.
  '.cm-line': { padding: '0 1.1rem 0 0.7rem' },
  '.cm-gutters': {
    border: 'none',
    backgroundColor: 'transparent',
    color: 'var(--color-text-muted)',
  },
  // The numbers end 0.3rem before the code's 2.4rem gutter, as the static code's do (global.css).
  '.cm-lineNumbers': { minWidth: '2.4rem' },
  '.cm-lineNumbers .cm-gutterElement': { padding: '0 0.3rem 0 0.5rem' },
  // Only while the code has the focus: otherwise it looks as the static code did.
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'transparent' },
  '&.cm-focused .cm-activeLine, &.cm-focused .cm-activeLineGutter': {
    backgroundColor: 'light-dark(#0969da0d, #388bfd1a)',
  },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--color-text)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground': {
    backgroundColor: pair('#0969da33', '#388bfd55'),
  },
  '.cm-matchingBracket': { backgroundColor: pair('#4ac26b40', '#2ea04366'), outline: 'none' },
  // Bidi controls and other invisible characters, which CodeMirror shows as a dot: make it stand out.
  '.cm-specialChar': { color: pair('#b3261e', '#ff9a8f') },
  // python-tokens.ts; "span" too, as the highlighter's own span may sit inside the mark.
  '.cm-py-builtin, .cm-py-builtin span': { color: CONSTANT },
  '.cm-py-keyword-argument, .cm-py-keyword-argument span': { color: NAMED },
  '.cm-py-decorator, .cm-py-decorator span': { color: DEFINITION },
  '.cm-py-string-prefix, .cm-py-string-prefix span, .cm-py-placeholder, .cm-py-placeholder span': { color: KEYWORD },
});

export const editorHighlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.modifier], color: KEYWORD },
  { tag: [tags.comment, tags.lineComment], color: pair('#6e7781', '#8b949e') },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: pair('#0a3069', '#a5d6ff') },
  { tag: [tags.number, tags.bool, tags.null, tags.atom, tags.self], color: CONSTANT },
  { tag: tags.function(tags.definition(tags.variableName)), color: DEFINITION },
  { tag: tags.definition(tags.className), color: NAMED },
  // Operators as Shiki colours them, but not the dot of a.b, which it leaves alone.
  { tag: tags.operator, color: KEYWORD },
  { tag: tags.derefOperator, color: 'inherit' },
  { tag: [tags.meta], color: DEFINITION },
]);
