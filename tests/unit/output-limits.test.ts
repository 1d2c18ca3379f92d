import { describe, expect, it } from 'vitest';
import {
  ByteOutputLimiter,
  OUTPUT_LIMITS,
  TextOutputLimiter,
  type OutputLimits,
} from '../../src/runtime/output-limits.ts';
import type { OutputStream } from '../../src/runtime/protocol.ts';

/** Both limiters behind one face: write text, read back what is shown. */
interface Writer {
  write(text: string, stream?: OutputStream): string;
  /** The end of the run: what was held back before it, and the end shown, as `gap|end`. */
  finish(): string;
  readonly heldBack: { bytes: number; cutLines: number };
  readonly full: boolean;
}

function byteWriter(limits: OutputLimits): Writer {
  const limiter = new ByteOutputLimiter(limits);
  const decoder = new TextDecoder();
  return {
    write: (text, stream = 'stdout') =>
      limiter
        .take(stream, new TextEncoder().encode(text), 0)
        .map((bytes) => decoder.decode(bytes, { stream: true }))
        .join(''),
    finish: () => {
      const { gap, tail } = limiter.finish();
      return `${gap}|${tail.map((kept) => decoder.decode(kept.value, { stream: true })).join('')}`;
    },
    get heldBack() {
      return limiter.heldBack;
    },
    get full() {
      return limiter.full;
    },
  };
}

function textWriter(limits: OutputLimits): Writer {
  const limiter = new TextOutputLimiter(limits);
  return {
    write: (text, stream = 'stdout') => limiter.take(stream, text),
    finish: () => {
      const { gap, tail } = limiter.finish();
      return `${gap}|${tail.map((kept) => kept.value).join('')}`;
    },
    get heldBack() {
      return limiter.heldBack;
    },
    get full() {
      return limiter.full;
    },
  };
}

describe.each([
  { kind: 'bytes' as const, writer: byteWriter },
  { kind: 'text' as const, writer: textWriter },
])('output limits on $kind', ({ kind, writer }) => {
  it('passes output within the limits through unchanged', () => {
    const out = writer({ lineBytes: 10, runBytes: 100, tailBytes: 0 });
    expect(out.write('short\nlines\n')).toBe('short\nlines\n');
    expect(out.write('no newline yet')).toBe('no newline…');
    expect(out.heldBack).toEqual({ bytes: 4, cutLines: 1 });
  });

  it('cuts a long line at the line limit, ends it with an ellipsis, keeps its newline, and counts the rest', () => {
    const out = writer({ lineBytes: 4, runBytes: 100, tailBytes: 0 });
    expect(out.write('abcdefgh\nij\n')).toBe('abcd…\nij\n');
    expect(out.heldBack).toEqual({ bytes: 4, cutLines: 1 });
  });

  it('cuts a line written in many pieces, as print(end="") writes one', () => {
    const out = writer({ lineBytes: 4, runBytes: 100, tailBytes: 0 });
    const shown = ['ab', 'cd', 'ef', 'gh', '\n', 'ok\n'].map((piece) => out.write(piece)).join('');
    expect(shown).toBe('abcd…\nok\n');
    expect(out.heldBack).toEqual({ bytes: 4, cutLines: 1 });
  });

  it('counts each stream’s line apart', () => {
    const out = writer({ lineBytes: 4, runBytes: 100, tailBytes: 0 });
    expect(out.write('abc', 'stdout')).toBe('abc');
    expect(out.write('xyz', 'stderr')).toBe('xyz');
    expect(out.write('d\n', 'stdout')).toBe('d\n');
    expect(out.heldBack.cutLines).toBe(0);
  });

  it('past the run limit, shows only the end of the output, once the run ends, and counts what it held back', () => {
    const out = writer({ lineBytes: 100, runBytes: 10, tailBytes: 6 });
    expect(out.write('0123456\n')).toBe('0123456\n');
    // Whole lines only: this one would not fit, so the start shown ends before it.
    expect(out.write('89abcdef\n')).toBe('');
    expect(out.full).toBe(true);
    expect(out.write('more\n', 'stderr')).toBe('');
    expect(out.write('end\n')).toBe('');
    expect(out.heldBack).toEqual({ bytes: 9 + 5, cutLines: 0 });
    expect(out.finish()).toBe('14|end\n');
  });

  it('keeps no end where the limits say so, and counts it all', () => {
    const out = writer({ lineBytes: 100, runBytes: 4, tailBytes: 0 });
    expect(out.write('abc\ndef\nghi\n')).toBe('abc\n');
    expect(out.finish()).toBe('8|');
    expect(out.heldBack.bytes).toBe(8);
  });

  it('never splits a character, at either limit', () => {
    // "é" is 2 UTF-8 bytes and 1 code unit; "𝄞" is 4 bytes and 2 code units (a surrogate pair).
    const line = kind === 'bytes' ? 'aé𝄞b\n' : 'a𝄞b\n';
    const out = writer({ lineBytes: kind === 'bytes' ? 4 : 2, runBytes: 100, tailBytes: 0 });
    expect(out.write(line)).toBe(kind === 'bytes' ? 'aé…\n' : 'a…\n');
    const cut = writer({ lineBytes: kind === 'bytes' ? 5 : 3, runBytes: 100, tailBytes: 0 });
    expect(cut.write(line)).toBe(kind === 'bytes' ? 'aé…\n' : 'a𝄞…\n');
  });

  it('holds back a 100 MB print in one go, showing the first line limit of it', () => {
    const out = writer(OUTPUT_LIMITS);
    const shown = out.write(`${'y'.repeat(100_000_000)}\n`);
    expect(shown === `${'y'.repeat(OUTPUT_LIMITS.lineBytes)}…\n`).toBe(true);
    expect(out.heldBack).toEqual({ bytes: 100_000_000 - OUTPUT_LIMITS.lineBytes, cutLines: 1 });
    expect(out.finish()).toBe('0|');
  });

  it('shows the start and the end of 200,000 numbered lines, and the count of those between', () => {
    const out = writer(OUTPUT_LIMITS);
    let shown = '';
    for (let index = 0; index < 200_000; index++) shown += out.write(`${index}\n`);
    const [gap, end] = out.finish().split('|') as [string, string];
    const firstHidden = shown.split('\n').length - 1;
    const firstOfEnd = Number(end.split('\n')[0]);
    expect(shown.startsWith('0\n1\n2\n')).toBe(true);
    expect(end.endsWith('199998\n199999\n')).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(OUTPUT_LIMITS.runBytes);
    expect(end.length).toBeLessThanOrEqual(OUTPUT_LIMITS.tailBytes);
    // Every line is shown, or counted between the two.
    const between = Array.from({ length: firstOfEnd - firstHidden }, (_, index) => `${firstHidden + index}\n`).join('');
    expect(Number(gap)).toBe(between.length);
  });
});

describe('the page’s limits after the worker’s', () => {
  it.each([
    ['ASCII lines, cut by the worker', `${'x'.repeat(100_000)}\n`.repeat(20)],
    ['two-byte characters', `${'é'.repeat(40_000)}\n`.repeat(40)],
    ['many short lines', 'tick\n'.repeat(300_000)],
  ])('let through all the worker let through, its end included: %s', (_, written) => {
    const worker = new ByteOutputLimiter();
    const page = new TextOutputLimiter();
    const decoder = new TextDecoder();
    const decode = (parts: Uint8Array[]) => parts.map((part) => decoder.decode(part, { stream: true })).join('');
    let passed = decode(worker.take('stdout', new TextEncoder().encode(written), 0));
    passed += decode(worker.finish().tail.map((kept) => kept.value));
    expect(worker.heldBack.bytes).toBeGreaterThan(0);
    expect(page.take('stdout', passed) === passed).toBe(true);
    expect(page.heldBack).toEqual({ bytes: 0, cutLines: 0 });
  });

  it('hold back what a misbehaving worker sends past them', () => {
    const page = new TextOutputLimiter();
    const shown = page.take('stdout', 'z'.repeat(50_000_000));
    expect(shown.length).toBe(OUTPUT_LIMITS.lineBytes + 1 + 1);
    expect(page.heldBack.cutLines).toBe(1);
    const lines = page.take('stdout', '\nline\n'.repeat(1_000_000));
    expect(lines.length).toBeLessThanOrEqual(OUTPUT_LIMITS.runBytes + OUTPUT_LIMITS.tailBytes);
    expect(page.full).toBe(true);
  });
});
