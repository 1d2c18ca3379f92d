import { describe, expect, it } from 'vitest';
import { codeHash } from '../../src/components/snippet/code-hash.ts';
import { displayExpected } from '../../src/components/snippet/expected-output.ts';
import { codeFromHash, playgroundHash } from '../../src/components/snippet/share-link.ts';
import { editsKey } from '../../src/components/snippet/edits-store.ts';

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

  it('leaves other braces alone', () => {
    expect(displayExpected("{'a': 1} {{not a tolerance}}")).toBe("{'a': 1} {{not a tolerance}}");
  });
});

describe('playground links', () => {
  it('round-trip code through the #code= hash', () => {
    const code = 'import asyncio\nprint("héllo ✓")\n';
    expect(codeFromHash(playgroundHash(code))).toBe(code);
  });

  it('ignore a hash without code, or with damaged code', () => {
    expect(codeFromHash('')).toBeUndefined();
    expect(codeFromHash('#section')).toBeUndefined();
    expect(codeFromHash('#code=')).toBeUndefined();
    expect(codeFromHash('#code=%%%')).toBeUndefined();
  });
});
