/**
 * Whether runs record a timeline: on unless the reader switched it off, once for
 * every snippet of the site (a reader who finds it noisy should not have to say
 * so on every page). When off, the runtime records nothing at all.
 */
const KEY = 'snippet-timeline:v1';

export function timelineEnabled(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'off';
  } catch {
    return true;
  }
}

export function setTimelineEnabled(enabled: boolean): void {
  try {
    if (enabled) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, 'off');
  } catch {
    // Storage blocked: the choice lasts as long as the page.
  }
}
