/**
 * Expected output, as authors write it in an ```output fence: exactly what the
 * program prints, stdout and stderr in order. Two placeholders, and only these,
 * stand for what varies from run to run:
 *
 *   {{1.0±0.2}}  a number from 0.8 to 1.2 (timings); the page shows 1.0
 *   {{hex}}      a memory address such as 0x7f3a2c1b5e80 (default reprs)
 *
 * There is no way to ignore a line wholesale. The page shows the nominal values;
 * the snippet checker (npm run check:snippets) matches real output against them.
 */
const PLACEHOLDER = /\{\{\s*(?:(-?\d+(?:\.\d+)?)\s*±\s*(\d+(?:\.\d+)?)|(hex))\s*\}\}/g;
const SAMPLE_ADDRESS = '0x7f3a2c1b5e80';

/** The expected output as the page shows it: each placeholder replaced by its nominal value. */
export function displayExpected(expected: string): string {
  return expected.replace(PLACEHOLDER, (_, value: string | undefined) => value ?? SAMPLE_ADDRESS);
}

export interface LineMismatch {
  /** 1-based line of the output. */
  line: number;
  expected: string | undefined;
  actual: string | undefined;
}

/** Whether one line of real output fits one line of the template. */
export function lineMatches(template: string, actual: string): boolean {
  const bounds: Array<[number, number]> = [];
  let pattern = '';
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    pattern += escapeRegExp(template.slice(last, match.index));
    if (match[3]) {
      pattern += '0x[0-9a-f]+';
    } else {
      pattern += '(-?\\d+(?:\\.\\d+)?)';
      const value = Number(match[1]);
      const tolerance = Number(match[2]);
      bounds.push([value - tolerance - 1e-9, value + tolerance + 1e-9]);
    }
    last = match.index + match[0].length;
  }
  pattern += escapeRegExp(template.slice(last));
  const found = new RegExp(`^${pattern}$`).exec(actual);
  if (!found) return false;
  return bounds.every(([low, high], index) => {
    const number = Number(found[index + 1]);
    return number >= low && number <= high;
  });
}

/** Compares real output with an expected-output template, line by line; [] when it fits. */
export function compareOutput(expected: string, actual: string): LineMismatch[] {
  const expectedLines = expected.replace(/\n$/, '').split('\n');
  const actualLines = actual.replace(/\n$/, '').split('\n');
  const mismatches: LineMismatch[] = [];
  for (let i = 0; i < Math.max(expectedLines.length, actualLines.length); i++) {
    const want = expectedLines[i];
    const got = actualLines[i];
    if (want === undefined || got === undefined || !lineMatches(want, got)) {
      mismatches.push({ line: i + 1, expected: want, actual: got });
    }
  }
  return mismatches;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
