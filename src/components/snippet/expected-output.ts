/**
 * Expected output, as authors write it in an ```output fence. A value that varies
 * from run to run is written with its tolerance: `{{1.0±0.2}}` is any number from
 * 0.8 to 1.2 (the page shows 1.0). Nothing else is special, and there is no way to
 * ignore a line wholesale. The snippet checker (npm run check:snippets) reads the
 * same syntax.
 */
export const TOLERANCE = /\{\{\s*(-?\d+(?:\.\d+)?)\s*±\s*(\d+(?:\.\d+)?)\s*\}\}/g;

/** The expected output as the page shows it: each tolerance replaced by its nominal value. */
export function displayExpected(expected: string): string {
  return expected.replace(TOLERANCE, (_, value: string) => value);
}
