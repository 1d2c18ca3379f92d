/**
 * When each line of output first showed in the page, for the streaming tests of every engine. Both
 * functions are sent to the page as source text (Playwright's and the engine drivers' evaluate), so
 * they use nothing from this module.
 */
export function recordLineTimes(): void {
  const times: Record<string, number> = {};
  new MutationObserver(() => {
    for (const line of document.querySelectorAll('[data-log] [data-stream]')) {
      const text = line.textContent ?? '';
      if (text && !(text in times)) times[text] = performance.now();
    }
  }).observe(document.querySelector('[data-log]')!, { childList: true, subtree: true, characterData: true });
  (window as unknown as { lineTimes: typeof times }).lineTimes = times;
}

export function lineTimes(): Record<string, number> {
  return (window as unknown as { lineTimes: Record<string, number> }).lineTimes;
}
