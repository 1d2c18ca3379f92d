/**
 * Marks the table-of-contents entry of the section being read with
 * aria-current="true". A section is "current" from the moment its heading passes
 * the top fifth of the viewport until the next heading does.
 */
export function trackCurrentSection(): void {
  const links = [...document.querySelectorAll<HTMLAnchorElement>('[data-toc-link]')];
  if (links.length === 0) return;
  const ids = [...new Set(links.map((link) => link.dataset['tocLink'] ?? ''))];
  const headings = ids
    .map((id) => document.getElementById(id))
    .filter((heading): heading is HTMLElement => heading !== null);

  const mark = (id: string | undefined): void => {
    for (const link of links) {
      if (link.dataset['tocLink'] === id) link.setAttribute('aria-current', 'true');
      else link.removeAttribute('aria-current');
    }
  };

  let scheduled = false;
  const update = (): void => {
    scheduled = false;
    const threshold = window.innerHeight * 0.2;
    let current: HTMLElement | undefined;
    for (const heading of headings) {
      if (heading.getBoundingClientRect().top <= threshold) current = heading;
      else break;
    }
    // At the very bottom, the last section is current even if its heading never reached the threshold.
    const atBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
    mark((atBottom ? headings.at(-1) : current)?.id);
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(update);
  };
  window.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule, { passive: true });
  update();
}
