import { HighlightStyle } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';

/**
 * The editor's look: the static code's box (padding, font, line height), so that nothing moves
 * when the editor replaces it, and its colours as light-dark() pairs from the GitHub palettes Shiki
 * uses for the static code, in both site themes, with no script.
 */
const pair = (light: string, dark: string): string => `light-dark(${light}, ${dark})`;

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
    minWidth: '2.4rem',
    border: 'none',
    backgroundColor: 'transparent',
    color: 'var(--color-text-muted)',
  },
  '.cm-lineNumbers .cm-gutterElement': { padding: '0 0.3rem 0 0.5rem' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'light-dark(#0969da0d, #388bfd1a)' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--color-text)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground': {
    backgroundColor: pair('#0969da33', '#388bfd55'),
  },
  '.cm-matchingBracket': { backgroundColor: pair('#4ac26b40', '#2ea04366'), outline: 'none' },
  // Bidi controls and other invisible characters, which CodeMirror shows as a dot: make it stand out.
  '.cm-specialChar': { color: pair('#b3261e', '#ff9a8f') },
});

export const editorHighlight = HighlightStyle.define([
  { tag: tags.keyword, color: pair('#cf222e', '#ff7b72') },
  { tag: [tags.comment, tags.lineComment], color: pair('#59636e', '#9198a1') },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: pair('#0a3069', '#a5d6ff') },
  { tag: [tags.number, tags.bool, tags.null, tags.atom, tags.self], color: pair('#0550ae', '#79c0ff') },
  {
    tag: [
      tags.function(tags.definition(tags.variableName)),
      tags.definition(tags.className),
      tags.function(tags.variableName),
    ],
    color: pair('#8250df', '#d2a8ff'),
  },
  { tag: tags.propertyName, color: pair('#0550ae', '#79c0ff') },
  { tag: tags.operator, color: pair('#cf222e', '#ff7b72') },
  { tag: [tags.meta], color: pair('#8250df', '#d2a8ff') },
]);
