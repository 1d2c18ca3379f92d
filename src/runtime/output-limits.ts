import type { OutputStream } from './protocol';

/**
 * How much output one run may show. A program can print without end (`print('y' * 100_000_000)`
 * crashed the tab; one 50 MB line froze it for 9.5 s), so both sides hold the rest back and count it:
 * the worker, in UTF-8 bytes as the program writes them, and the page, whatever the worker says, in
 * UTF-16 code units. A character is never fewer bytes than code units, so output the worker let
 * through always fits the page's limits: the page's count only bites when the worker misbehaves.
 */
export const OUTPUT_LIMITS = {
  /** A longer line is cut here and ends in an ellipsis; `print(list(range(10_000)))` (59 KB) fits. */
  lineBytes: 64 * 1024,
  /** A run shows at most this much output from its start, stdout and stderr together… */
  runBytes: 1024 * 1024,
  /** …and, when it printed more, this much of its end: where a program prints its result. */
  tailBytes: 64 * 1024,
} as const;

export type OutputLimits = { readonly [Key in keyof typeof OUTPUT_LIMITS]: number };

/**
 * The page's: room for all the worker shows (its start and its end) and no more; a line the worker cut
 * is one code unit longer, its ellipsis. The page keeps no end of its own: it only bites on a worker
 * that ignores its limits, and then shows the start of what it sent.
 */
const PAGE_OUTPUT_LIMITS: OutputLimits = {
  lineBytes: OUTPUT_LIMITS.lineBytes + 1,
  runBytes: OUTPUT_LIMITS.runBytes + OUTPUT_LIMITS.tailBytes,
  tailBytes: 0,
};

/** What a run's limits held back. */
export interface HeldBack {
  /** Bytes (or, counted by the page, code units) not shown, newlines of cut lines included. */
  bytes: number;
  /** Lines cut at OUTPUT_LIMITS.lineBytes. */
  cutLines: number;
}

/** What both sides held back, together; undefined when nothing was. */
export function addHeldBack(...counts: (HeldBack | undefined)[]): HeldBack | undefined {
  const total = { bytes: 0, cutLines: 0 };
  for (const count of counts) {
    total.bytes += count?.bytes ?? 0;
    total.cutLines += count?.cutLines ?? 0;
  }
  return total.bytes > 0 ? total : undefined;
}

/** A run of bytes or of text, as the limiter reads and cuts it. */
interface Piece<Value> {
  readonly length: number;
  value: Value;
  /** Where the next newline is, at `from` or after; -1 when there is none. */
  newlineAt(from: number): number;
  /** The largest cut at or before `at` that splits no character. */
  boundaryAtOrBefore(at: number): number;
  slice(start: number, end: number): Value;
}

const NEWLINE = 0x0a;

function bytePiece(bytes: Uint8Array): Piece<Uint8Array> {
  return {
    length: bytes.length,
    value: bytes,
    newlineAt: (from) => bytes.indexOf(NEWLINE, from),
    // UTF-8 continuation bytes are 0b10xxxxxx: back off to the first byte of the character.
    boundaryAtOrBefore: (at) => {
      let cut = at;
      while (cut > 0 && cut < bytes.length && (bytes[cut]! & 0xc0) === 0x80) cut--;
      return cut;
    },
    // A copy: the end of a run is kept past this write, and the writer may reuse its buffer.
    slice: (start, end) => bytes.slice(start, end),
  };
}

function textPiece(text: string): Piece<string> {
  return {
    length: text.length,
    value: text,
    newlineAt: (from) => text.indexOf('\n', from),
    // Never between the two halves of a surrogate pair.
    boundaryAtOrBefore: (at) => {
      const code = text.charCodeAt(at);
      return at > 0 && at < text.length && code >= 0xdc00 && code <= 0xdfff ? at - 1 : at;
    },
    slice: (start, end) => text.slice(start, end),
  };
}

/** Output the limits let through, with the time it was written. */
export interface Kept<Value> {
  stream: OutputStream;
  value: Value;
  t: number;
}

interface Segment<Value> extends Kept<Value> {
  length: number;
}

/**
 * Applies the limits to one run's output as it is written. A line past `lineBytes` shows up to there,
 * then an ellipsis, and its newline. Once `runBytes` have been shown, what follows is kept back, and
 * only its last `tailBytes` are shown, when the run ends (finish()). What is not shown is counted in
 * `heldBack`.
 */
class Limiter<Value> {
  readonly heldBack: HeldBack = { bytes: 0, cutLines: 0 };
  private shown = 0;
  private headDone = false;
  private tail: Segment<Value>[] = [];
  private tailLength = 0;
  /** Bytes held back between what was shown as it came and the end kept in `tail`. */
  private gap = 0;
  private readonly lineLength: Record<OutputStream, number> = { stdout: 0, stderr: 0 };
  private readonly cutting: Record<OutputStream, boolean> = { stdout: false, stderr: false };
  private readonly limits: OutputLimits;
  private readonly ellipsis: Value;
  private readonly ellipsisLength: number;

  constructor(limits: OutputLimits, ellipsis: Value, ellipsisLength: number) {
    this.limits = limits;
    this.ellipsis = ellipsis;
    this.ellipsisLength = ellipsisLength;
  }

  /** Whether output has reached the run limit: from here on only the end of it will show. */
  get full(): boolean {
    return this.headDone;
  }

  /** What of this write to show now. */
  protected limit(stream: OutputStream, piece: Piece<Value>, t: number): Value[] {
    const shown: Value[] = [];
    for (const segment of this.lineSegments(stream, piece)) {
      if (!this.headDone && this.shown + segment.length <= this.limits.runBytes) {
        this.shown += segment.length;
        shown.push(segment.value);
        continue;
      }
      // Whole segments only, so the start shown ends where a line (or a write) ends.
      this.headDone = true;
      this.tail.push({ stream, value: segment.value, t, length: segment.length });
      this.tailLength += segment.length;
      while (this.tailLength > this.limits.tailBytes) {
        const dropped = this.tail.shift()!;
        this.tailLength -= dropped.length;
        this.gap += dropped.length;
        this.heldBack.bytes += dropped.length;
      }
    }
    return shown;
  }

  /** The run has ended: how much was held back before its end, and that end, to show now. */
  finish(): { gap: number; tail: Kept<Value>[] } {
    const tail = this.tail.map(({ stream, value, t }) => ({ stream, value, t }));
    const gap = this.gap;
    this.tail = [];
    this.tailLength = 0;
    this.gap = 0;
    return { gap, tail };
  }

  /** The write, split where lines end, with each line past the line limit cut and its rest counted. */
  private *lineSegments(stream: OutputStream, piece: Piece<Value>): Generator<{ value: Value; length: number }> {
    let start = 0;
    while (start < piece.length) {
      const newline = piece.newlineAt(start);
      const lineEnd = newline === -1 ? piece.length : newline;
      const end = newline === -1 ? piece.length : newline + 1;
      if (this.cutting[stream]) {
        // The rest of a line already cut: held back up to its newline, which is shown.
        this.heldBack.bytes += lineEnd - start;
        if (newline !== -1) {
          this.cutting[stream] = false;
          this.lineLength[stream] = 0;
          yield { value: piece.slice(newline, end), length: 1 };
        }
        start = end;
        continue;
      }
      const lineRoom = this.limits.lineBytes - this.lineLength[stream];
      if (lineEnd - start > lineRoom) {
        const cut = Math.max(start, piece.boundaryAtOrBefore(start + lineRoom));
        if (cut > start) yield { value: piece.slice(start, cut), length: cut - start };
        yield { value: this.ellipsis, length: this.ellipsisLength };
        this.heldBack.cutLines++;
        this.cutting[stream] = true;
        this.lineLength[stream] += cut - start;
        start = cut;
        continue;
      }
      yield { value: piece.slice(start, end), length: end - start };
      this.lineLength[stream] = newline === -1 ? this.lineLength[stream] + end - start : 0;
      start = end;
    }
  }
}

/** The worker's limits, on the bytes the program writes. */
export class ByteOutputLimiter extends Limiter<Uint8Array> {
  constructor(limits: OutputLimits = OUTPUT_LIMITS) {
    const ellipsis = new TextEncoder().encode('…');
    super(limits, ellipsis, ellipsis.length);
  }

  /** The parts of `bytes`, written at `t`, to show now, in order. */
  take(stream: OutputStream, bytes: Uint8Array, t: number): Uint8Array[] {
    return this.limit(stream, bytePiece(bytes), t);
  }
}

/** The page's limits, on the text the worker sends. */
export class TextOutputLimiter extends Limiter<string> {
  constructor(limits: OutputLimits = PAGE_OUTPUT_LIMITS) {
    super(limits, '…', 1);
  }

  /** The part of `text` to show. */
  take(stream: OutputStream, text: string): string {
    return this.limit(stream, textPiece(text), 0).join('');
  }
}
