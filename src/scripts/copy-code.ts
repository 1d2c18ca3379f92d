const RESET_AFTER_MS = 2000;

export function addCopyButtons(root: ParentNode): void {
  for (const pre of root.querySelectorAll<HTMLPreElement>('pre.astro-code')) {
    // Runnable snippets have their own Copy in their toolbar.
    if (pre.parentElement?.classList.contains('code-block') || pre.closest('[data-snippet]')) continue;
    const wrapper = document.createElement('div');
    wrapper.className = 'code-block';
    pre.replaceWith(wrapper);
    wrapper.append(pre);

    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-button';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy code');
    const status = document.createElement('span');
    status.className = 'sr-only';
    status.setAttribute('role', 'status');
    let timer: ReturnType<typeof setTimeout> | undefined;
    button.addEventListener('click', () => {
      const code = pre.querySelector('code')?.textContent ?? pre.textContent ?? '';
      navigator.clipboard.writeText(code.replace(/\n$/, '')).then(
        () => {
          button.textContent = 'Copied';
          status.textContent = 'Code copied to clipboard';
        },
        () => {
          button.textContent = 'Copy failed';
          status.textContent = 'Could not copy the code';
        },
      );
      clearTimeout(timer);
      timer = setTimeout(() => {
        button.textContent = 'Copy';
        status.textContent = '';
      }, RESET_AFTER_MS);
    });
    wrapper.append(button, status);
  }
}
