import { OUTPUT_LIMITS } from '../../../runtime/output-limits';
import type { OutputChunk, OutputStream } from '../../../runtime/protocol';
import { splitInvisible } from '../invisible-characters';
import { formatCount } from '../format-count';

export interface OutputViewOptions {
  /** The snippet's file name: traceback lines that name it link to the editor. */
  filename: string;
  /** Most lines kept in the page; older ones are folded away, and counted. */
  maxLines?: number;
  onLineLink?(line: number): void;
}

interface Row {
  element: HTMLElement;
  text: HTMLElement;
}

export const DEFAULT_MAX_LINES = 2000;
/** How close to its end the log counts as at its end (sub-pixel scroll positions, zoom). */
const FOLLOW_SLACK_PX = 8;

/**
 * A run's output: one row per line, stdout and stderr apart, each with its time
 * since the start of the run (shown on demand). Output arrives in pieces; it is
 * drawn once per animation frame, and never more than `maxLines` rows stay in
 * the page, so a flood keeps the page responsive and keeps the newest lines.
 */
export class OutputView {
  private readonly log: HTMLElement;
  private readonly options: Required<Omit<OutputViewOptions, 'onLineLink'>> & Pick<OutputViewOptions, 'onLineLink'>;
  private readonly open: Partial<Record<OutputStream, Row>> = {};
  private pending: OutputChunk[] = [];
  private frame = 0;
  private folded = 0;
  private rows = 0;
  private readonly foldNotice: HTMLElement;
  /** Whether the log keeps its newest line in view: until the reader scrolls up, and again once back at the end. */
  private following = true;
  private lastStderr = '';

  constructor(log: HTMLElement, options: OutputViewOptions) {
    this.log = log;
    this.options = { maxLines: DEFAULT_MAX_LINES, ...options };
    this.foldNotice = document.createElement('p');
    this.foldNotice.className = 'output-folded';
    this.foldNotice.hidden = true;
    log.addEventListener(
      'scroll',
      () => (this.following = log.scrollTop + log.clientHeight >= log.scrollHeight - FOLLOW_SLACK_PX),
      { passive: true },
    );
    log.addEventListener('click', (event) => {
      const link = (event.target as Element).closest<HTMLElement>('[data-goto-line]');
      if (!link) return;
      event.preventDefault();
      this.options.onLineLink?.(Number(link.dataset['gotoLine']));
    });
  }

  get lineCount(): number {
    return this.rows + this.folded;
  }

  get foldedCount(): number {
    return this.folded;
  }

  /** The last line the program wrote to stderr: after an uncaught exception, the one that names it. */
  get lastErrorLine(): string {
    return this.open.stderr?.text.textContent?.trim() || this.lastStderr;
  }

  /** What the log shows, a line per row, stdout and stderr in the order written (folded lines left out). */
  get text(): string {
    return [...this.log.querySelectorAll<HTMLElement>('.output-row')]
      .map((row) => `${row.querySelector('.output-text')?.textContent ?? ''}\n`)
      .join('');
  }

  clear(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.pending = [];
    this.folded = 0;
    this.rows = 0;
    delete this.open.stdout;
    delete this.open.stderr;
    this.foldNotice.hidden = true;
    this.log.replaceChildren(this.foldNotice);
    this.following = true;
    this.lastStderr = '';
  }

  append(chunk: OutputChunk): void {
    this.pending.push(chunk);
    this.frame ||= requestAnimationFrame(() => this.flush());
  }

  /** Draws what is pending now (at the end of a run). */
  flush(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const chunks = this.dropFlood(this.pending);
    this.pending = [];
    for (const chunk of chunks) this.write(chunk);
    this.fold();
    if (this.following && chunks.length > 0) this.log.scrollTop = this.log.scrollHeight;
  }

  /**
   * A flood brings more new lines in one frame than the page keeps: the rows on
   * the page and the oldest whole chunks are folded at once, counted, never drawn.
   */
  private dropFlood(chunks: OutputChunk[]): OutputChunk[] {
    const newlines = (chunk: OutputChunk): number => chunk.text.split('\n').length - 1;
    let remaining = chunks.reduce((sum, chunk) => sum + newlines(chunk), 0);
    let first = 0;
    let dropped = 0;
    const continued = new Set<OutputStream>();
    while (first < chunks.length) {
      const chunk = chunks[first]!;
      const lines = newlines(chunk);
      if (remaining - lines < this.options.maxLines || !chunk.text.endsWith('\n')) break;
      // The first newline of a stream whose row is open on the page ends that row's line.
      if (this.open[chunk.stream] && !continued.has(chunk.stream)) {
        continued.add(chunk.stream);
        dropped += lines - 1;
      } else {
        dropped += lines;
      }
      remaining -= lines;
      first++;
    }
    if (first === 0) return chunks;
    this.folded += this.rows + dropped;
    this.rows = 0;
    delete this.open.stdout;
    delete this.open.stderr;
    // What the run limit held back stays said, whatever is folded around it.
    this.log.replaceChildren(this.foldNotice, ...this.log.querySelectorAll('.output-held-back'));
    return chunks.slice(first);
  }

  private write(chunk: OutputChunk): void {
    if (chunk.heldBack !== undefined) {
      this.markHeldBack(chunk.heldBack);
      return;
    }
    const parts = chunk.text.split('\n');
    parts.forEach((part, index) => {
      const isLast = index === parts.length - 1;
      if (isLast && part === '') return;
      const row = this.open[chunk.stream] ?? this.startRow(chunk.stream, chunk.t);
      if (part !== '') appendShown(row.text, part);
      if (!isLast) this.finishRow(chunk.stream);
    });
  }

  /** Where the run limit held output back: a line that says how much; `data-held-back` has the count. */
  private markHeldBack(bytes: number): void {
    this.finishRow('stdout');
    this.finishRow('stderr');
    const mark = document.createElement('p');
    mark.className = 'output-held-back';
    mark.dataset['heldBack'] = String(bytes);
    mark.textContent = `${formatSize(bytes)} of output not shown here: a run shows its first ${formatSize(OUTPUT_LIMITS.runBytes)} and its last ${formatSize(OUTPUT_LIMITS.tailBytes)}.`;
    this.log.append(mark);
  }

  private startRow(stream: OutputStream, t: number): Row {
    const element = document.createElement('div');
    element.className = `output-row output-${stream}`;
    const time = document.createElement('span');
    time.className = 'output-time';
    time.setAttribute('aria-hidden', 'true');
    time.textContent = `${(t / 1000).toFixed(3)} s`;
    const text = document.createElement('span');
    text.className = 'output-text';
    text.dataset['stream'] = stream;
    element.append(time, text);
    this.log.append(element);
    this.rows++;
    const row = { element, text };
    this.open[stream] = row;
    return row;
  }

  private finishRow(stream: OutputStream): void {
    const row = this.open[stream];
    delete this.open[stream];
    if (row && stream === 'stderr') {
      const line = row.text.textContent ?? '';
      if (line.trim()) this.lastStderr = line.trim();
      this.linkTraceback(row.text);
      markStandardLibrary(row.text);
    }
  }

  /** `File "countasync.py", line 12` becomes a link that puts the cursor on line 12. */
  private linkTraceback(text: HTMLElement): void {
    const content = text.textContent ?? '';
    const marker = `File "${this.options.filename}", line `;
    const start = content.indexOf(marker);
    if (start === -1) return;
    const digits = /^\d+/.exec(content.slice(start + marker.length))?.[0];
    if (!digits) return;
    const linkStart = start + marker.length - 'line '.length;
    const linkEnd = start + marker.length + digits.length;
    const link = document.createElement('a');
    link.href = '#';
    link.dataset['gotoLine'] = digits;
    link.textContent = content.slice(linkStart, linkEnd);
    link.title = `Go to line ${digits} in the editor`;
    text.replaceChildren();
    appendShown(text, content.slice(0, linkStart));
    text.append(link);
    appendShown(text, content.slice(linkEnd));
  }

  private fold(): void {
    let excess = this.rows - this.options.maxLines;
    let first = this.foldNotice.nextElementSibling;
    while (excess > 0 && first) {
      // What the run limit held back stays said, whatever is folded around it.
      while (first?.classList.contains('output-held-back')) first = first.nextElementSibling;
      if (!first) break;
      const next = first.nextElementSibling;
      for (const stream of ['stdout', 'stderr'] as const)
        if (this.open[stream]?.element === first) delete this.open[stream];
      first.remove();
      first = next;
      this.rows--;
      this.folded++;
      excess--;
    }
    this.foldNotice.hidden = this.folded === 0;
    this.foldNotice.textContent = `${formatCount(this.folded)} earlier lines folded away; the newest ${formatCount(this.options.maxLines)} are shown.`;
  }
}

/** The folder the browser's Python keeps its standard library in: a path that means nothing to a reader. */
const STDLIB_FRAME = /^(\s+File ")(\/lib\/python3\d*\.zip\/)/;

/**
 * A traceback frame inside the standard library (asyncio's own code, mostly) names the zip file
 * the browser's Python keeps it in. The frame says "stdlib/" instead: the path stays
 * in the text, for copying and for comparing with the expected output, and in its tooltip.
 */
function markStandardLibrary(text: HTMLElement): void {
  const content = text.textContent ?? '';
  const frame = STDLIB_FRAME.exec(content);
  if (!frame) return;
  const [, lead = '', folder = ''] = frame;
  const path = document.createElement('span');
  path.className = 'output-stdlib-path';
  path.textContent = folder;
  path.title = `Python's standard library, which the browser's Python keeps in ${folder} (on your machine, the lib folder of your Python)`;
  text.replaceChildren();
  appendShown(text, lead);
  text.append(path);
  appendShown(text, content.slice(lead.length + folder.length));
}

/**
 * Appends program output as text, each invisible character (a bidi control among them) in a mark of
 * its own: the mark shows its code point, and is isolated, so that the character changes nothing
 * around it. The text itself stays as printed, for copying.
 */
function appendShown(parent: HTMLElement, text: string): void {
  for (const part of splitInvisible(text)) {
    if (typeof part === 'string') {
      parent.append(part);
      continue;
    }
    const mark = document.createElement('span');
    mark.className = 'output-invisible';
    mark.dataset['codePoint'] = part.codePoint;
    mark.title = part.description;
    mark.textContent = part.character;
    parent.append(mark);
  }
}

/** 65,536 bytes as "64 KB", 98,934,465 as "94.4 MB": the sizes the limits are set in. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  if (bytes < 1024 * 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
