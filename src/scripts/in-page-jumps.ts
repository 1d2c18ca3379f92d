/**
 * Jumps within a page: smooth only when short. A smooth scroll across a long chapter (a deep link, a
 * search result, a table-of-contents entry far down) took about 1.5 s for 15,000 px, so a jump of
 * more than SMOOTH_LIMIT viewports, and every jump when the reader asks for reduced motion, is
 * instant. The browser still does the jump itself (the address, :target, focus and history stay its
 * own); this only says how it scrolls, for that one click.
 */
const SMOOTH_LIMIT = 1.5;

function inPageTarget(link: HTMLAnchorElement): Element | null {
  if (link.origin !== location.origin || link.pathname !== location.pathname || !link.hash) return null;
  try {
    return document.getElementById(decodeURIComponent(link.hash.slice(1)));
  } catch {
    return null;
  }
}

export function scrollJumpsBriefly(): void {
  const root = document.documentElement;
  const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  const settle = (): void => {
    root.style.removeProperty('scroll-behavior');
    removeEventListener('scrollend', settle);
    clearTimeout(settleTimer);
  };
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.('a[href]');
    if (!(link instanceof HTMLAnchorElement) || event.defaultPrevented || event.button !== 0) return;
    const target = inPageTarget(link);
    if (!target) return;
    // A jump made while a short one still scrolls is judged on its own.
    settle();
    if (reducedMotion.matches || Math.abs(target.getBoundingClientRect().top) > SMOOTH_LIMIT * innerHeight) return;
    root.style.scrollBehavior = 'smooth';
    addEventListener('scrollend', settle);
    // Where scrollend never comes (no scroll was needed, or an engine without it).
    settleTimer = setTimeout(settle, 1000);
  });
}
