import { describe, expect, it } from 'vitest';
import { splitInvisible, withInvisibleShown } from '../../src/components/snippet/invisible-characters.ts';

describe('invisible characters in what a program prints', () => {
  it.each([
    ['a right-to-left override', 'invoice\u202Egnp.exe', ['invoice', 'U+202E', 'gnp.exe']],
    ['isolates and marks', '\u2067x\u2069\u200F', ['U+2067', 'x', 'U+2069', 'U+200F']],
    ['a zero-width space and a byte-order mark', 'a\u200Bb\uFEFF', ['a', 'U+200B', 'b', 'U+FEFF']],
    ['an escape and a NUL', '\u001b[31mred\u0000', ['U+001B', '[31mred', 'U+0000']],
  ])('finds %s, in order', (_name, text, expected) => {
    const parts = splitInvisible(text).map((part) => (typeof part === 'string' ? part : part.codePoint));
    expect(parts).toEqual(expected);
    expect(
      splitInvisible(text)
        .map((part) => (typeof part === 'string' ? part : part.character))
        .join(''),
    ).toBe(text);
  });

  it('leaves tabs, carriage returns, emoji joiners and right-to-left letters alone', () => {
    for (const text of ['a\tb\r', '👩\u200D💻', 'שלום', 'مرحبا']) expect(splitInvisible(text)).toEqual([text]);
  });

  it('names the bidi controls', () => {
    expect(splitInvisible('\u202E')[0]).toEqual({
      character: '\u202E',
      codePoint: 'U+202E',
      description: 'U+202E RIGHT-TO-LEFT OVERRIDE',
    });
    expect(splitInvisible('\u0007')[0]).toMatchObject({ description: 'U+0007 CONTROL CHARACTER' });
  });

  it('spells them out in labels', () => {
    expect(withInvisibleShown('worker\u202E-1')).toBe('worker⟨U+202E⟩-1');
  });
});
