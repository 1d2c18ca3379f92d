/**
 * Shiki themes for every code block, Markdown fences and runnable snippets alike.
 * One HTML serves both site themes: each token's colour is light-dark(light, dark),
 * so code follows the page's color-scheme with no re-render and no script.
 * github-*-default keep every token at WCAG AA on the code background.
 */
export const CODE_THEMES = { light: 'github-light-default', dark: 'github-dark-default' } as const;
export const CODE_DEFAULT_COLOR = 'light-dark()';
