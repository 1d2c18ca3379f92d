import { describe, expect, it } from 'vitest';
import { codeHash } from '../../src/components/snippet/code-hash.ts';
import { compareOutput, displayExpected, lineMatches } from '../../src/components/snippet/expected-output.ts';
import { editsKey } from '../../src/components/snippet/edits-store.ts';
import { formatCount } from '../../src/components/snippet/format-count.ts';

describe('codeHash', () => {
  it('is stable, short, and changes with the code', () => {
    expect(codeHash('print(1)')).toMatch(/^[0-9a-f]{8}$/);
    expect(codeHash('print(1)')).toBe(codeHash('print(1)'));
    expect(codeHash('print(1)')).not.toBe(codeHash('print(2)'));
  });
});

describe('edits are keyed by page and by the original code', () => {
  it('gives a changed original a new key, so stale edits never show', () => {
    const id = (code: string) => `countasync-${codeHash(code)}`;
    expect(editsKey('/intro/', id('a'))).not.toBe(editsKey('/intro/', id('b')));
    expect(editsKey('/intro/', id('a'))).not.toBe(editsKey('/other/', id('a')));
  });
});

describe('expected output', () => {
  it('shows a tolerance as its nominal value', () => {
    expect(displayExpected('took {{1.0±0.2}} s\nthen {{ 3 ± 1 }}')).toBe('took 1.0 s\nthen 3');
  });

  it('shows an address placeholder as a sample address', () => {
    expect(displayExpected('<coroutine object f at {{hex}}>')).toBe('<coroutine object f at 0x7f3a2c1b5e80>');
  });

  it('leaves other braces alone', () => {
    expect(displayExpected("{'a': 1} {{not a tolerance}}")).toBe("{'a': 1} {{not a tolerance}}");
  });
});

describe('matching real output against expected output', () => {
  it('accepts numbers within the tolerance and nothing outside it', () => {
    expect(lineMatches('finished in {{1.0±0.1}} s', 'finished in 1.0 s')).toBe(true);
    expect(lineMatches('finished in {{1.0±0.1}} s', 'finished in 1.1 s')).toBe(true);
    expect(lineMatches('finished in {{1.0±0.1}} s', 'finished in 1.2 s')).toBe(false);
    expect(lineMatches('finished in {{1.0±0.1}} s', 'finished in soon s')).toBe(false);
  });

  it('matches addresses only where the template says so', () => {
    expect(lineMatches('<coroutine object f at {{hex}}>', '<coroutine object f at 0x10a3f2>')).toBe(true);
    expect(lineMatches('<coroutine object f at {{hex}}>', '<coroutine object g at 0x10a3f2>')).toBe(false);
  });

  it('treats everything else literally, regex characters included', () => {
    expect(lineMatches('[1, 2] (a|b) $x.*', '[1, 2] (a|b) $x.*')).toBe(true);
    expect(lineMatches('a.c', 'abc')).toBe(false);
  });

  it('reports the lines that differ, missing and extra ones included', () => {
    expect(compareOutput('a\nb\nc\n', 'a\nB\nc\nd\n')).toEqual([
      { line: 2, expected: 'b', actual: 'B' },
      { line: 4, expected: undefined, actual: 'd' },
    ]);
    expect(compareOutput('a\n', 'a')).toEqual([]);
  });
});

describe('formatCount', () => {
  it.each([0, 7, 999, 1000, 12345, 1234567, -9876543, 1234.5, 10_000_000])(
    'writes %d as toLocaleString("en") does',
    (count) => {
      expect(formatCount(count)).toBe(count.toLocaleString('en', { maximumFractionDigits: 20 }));
    },
  );
});
