/**
 * A count with its thousands grouped, as `toLocaleString('en')` writes it. Not that function: its
 * first call on a page starts the browser's locale data, 10-25 ms measured in Chromium, and it came
 * in the middle of the timeline's first draw.
 */
export function formatCount(count: number): string {
  const [whole = '', fraction] = String(count).split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const grouped = whole.slice(sign.length).replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? `${sign}${grouped}` : `${sign}${grouped}.${fraction}`;
}
