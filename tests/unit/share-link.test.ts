import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { decodeLzPrefix } from '../../src/components/snippet/lz-decode.ts';
import { codeFromHash, LINK_LIMITS, playgroundHash } from '../../src/components/snippet/share-link.ts';
import { repeatBomb } from '../support/links.ts';

const encode = (text: string) => LZString.compressToEncodedURIComponent(text);

/** A deterministic generator, so a failure can be run again. */
function randomTexts(count: number, seed = 7): string[] {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const alphabets = [
    'ab',
    'async def await\n ',
    'é✓\u202e😀\0\uffff',
    String.fromCharCode(...Array.from({ length: 300 }, (_, i) => i * 217)),
  ];
  return Array.from({ length: count }, (_, index) => {
    const alphabet = alphabets[index % alphabets.length]!;
    const length = Math.floor(next() * 3_000);
    return Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  });
}

describe('decodeLzPrefix reads what lz-string writes', () => {
  it.each([
    ['one character', 'x'],
    ['a program', 'import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n\nasyncio.run(main())\n'],
    ['surrogate pairs and controls', '😀\u202e\0\n'.repeat(50)],
    ['a long repeat', 'print(1)\n'.repeat(20_000)],
  ])('%s', (_name, text) => {
    expect(decodeLzPrefix(encode(text), Infinity)).toEqual({ text, complete: true });
  });

  it('agrees with lz-string on 200 random texts, whole and cut', () => {
    for (const text of randomTexts(200)) {
      const encoded = encode(text);
      expect(decodeLzPrefix(encoded, Infinity)?.text).toBe(LZString.decompressFromEncodedURIComponent(encoded));
      const cut = Math.floor(text.length / 3);
      if (cut === 0) continue;
      expect(decodeLzPrefix(encoded, cut)).toEqual({ text: text.slice(0, cut), complete: cut >= text.length });
    }
  });

  it('refuses damaged input where lz-string gives nothing, and never throws', () => {
    for (const damaged of ['', '%%%', 'A', '$$$$$$$$$$$$', encode('hello world').slice(0, 4)]) {
      const ours = decodeLzPrefix(damaged, Infinity);
      const theirs = LZString.decompressFromEncodedURIComponent(damaged);
      if (!theirs) expect(ours?.text || undefined).toBeUndefined();
      else expect(ours?.text).toBe(theirs);
    }
  });

  it('reads a space as the + it was', () => {
    const encoded = encode('??>>'.repeat(40));
    expect(encoded).toContain('+');
    expect(decodeLzPrefix(encoded.replaceAll('+', ' '), Infinity)?.text).toBe('??>>'.repeat(40));
  });

  it('stops at the limit however much a short link stands for', () => {
    const bomb = repeatBomb('x', 5_000);
    const full = LZString.decompressFromEncodedURIComponent(bomb);
    // 12.5 million characters in a link of 11 KB: lz-string builds all of them.
    expect(bomb.length).toBeLessThan(12_000);
    expect(full).toBe('x'.repeat(full.length));
    expect(full.length).toBeGreaterThan(12_000_000);
    expect(decodeLzPrefix(bomb, 1_000)).toEqual({ text: 'x'.repeat(1_000), complete: false });
  });
});

describe('playground links', () => {
  it('round-trip code through the #code= hash', () => {
    const code = 'import asyncio\nprint("héllo ✓")\n';
    expect(codeFromHash(playgroundHash(code)!)).toEqual({ code, complete: true, encoded: encode(code) });
  });

  it('ignore a hash without code, or with damaged code', () => {
    for (const hash of ['', '#section', '#code=', '#code=%%%']) expect(codeFromHash(hash)).toBeUndefined();
  });

  it('find the code among other hash parameters', () => {
    expect(codeFromHash(`#theme=dark&code=${encode('print(1)\n')}`)?.code).toBe('print(1)\n');
  });

  it('are not written for code longer than the limit', () => {
    expect(playgroundHash('x'.repeat(LINK_LIMITS.openChars))).toMatch(/^#code=/);
    expect(playgroundHash('x'.repeat(LINK_LIMITS.openChars + 1))).toBeUndefined();
  });

  it('open long code cut at the end of a line, and say it is cut', () => {
    const code = 'print("a line of the program")\n'.repeat(10_000);
    const opened = codeFromHash(`#code=${encode(code)}`)!;
    expect(opened.complete).toBe(false);
    expect(opened.code.length).toBeLessThanOrEqual(LINK_LIMITS.openChars);
    expect(opened.code.length).toBeGreaterThan(LINK_LIMITS.openChars - 40);
    expect(code.startsWith(opened.code) && opened.code.endsWith('\n')).toBe(true);
    expect(codeFromHash(`#code=${opened.encoded}`, LINK_LIMITS.fullChars)).toMatchObject({ code, complete: true });
  });

  it('cut one long line between code points', () => {
    const opened = codeFromHash(`#code=${encode('x'.repeat(LINK_LIMITS.openChars - 1) + '😀😀')}`)!;
    expect(opened.code).toBe('x'.repeat(LINK_LIMITS.openChars - 1));
  });
});
