import type { SandpackTheme } from '@codesandbox/sandpack-react';

/**
 * Sandpack's nine colour slots, as light-dark() pairs from the same GitHub
 * palettes Shiki uses for the static code: the editor that replaces a static
 * block looks like it, in both site themes, with no script.
 */
const pair = (light: string, dark: string): string => `light-dark(${light}, ${dark})`;

export const editorTheme: SandpackTheme = {
  colors: {
    surface1: 'var(--color-bg-code)',
    surface2: 'var(--color-border)',
    surface3: 'var(--color-bg-soft)',
    clickable: 'var(--color-text-muted)',
    base: 'var(--color-text)',
    disabled: 'var(--color-text-muted)',
    hover: 'var(--color-text)',
    accent: 'var(--color-accent)',
    error: pair('#b3261e', '#ff9a8f'),
    errorSurface: 'var(--color-bg-soft)',
  },
  syntax: {
    plain: pair('#1f2328', '#e6edf3'),
    comment: { color: pair('#59636e', '#9198a1'), fontStyle: 'normal' },
    keyword: pair('#cf222e', '#ff7b72'),
    tag: pair('#116329', '#7ee787'),
    punctuation: pair('#1f2328', '#e6edf3'),
    definition: pair('#8250df', '#d2a8ff'),
    property: pair('#0550ae', '#79c0ff'),
    static: pair('#0550ae', '#79c0ff'),
    string: pair('#0a3069', '#a5d6ff'),
  },
  font: {
    body: 'var(--font-sans)',
    mono: 'var(--font-mono)',
    size: '0.9em',
    lineHeight: '1.5',
  },
};
