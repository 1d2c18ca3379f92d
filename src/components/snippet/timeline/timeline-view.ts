import type { Timeline } from '../../../runtime/protocol';
import {
  describeTask,
  drawnRows,
  fitText,
  formatDuration,
  formatMs,
  layoutTimeline,
  markNear,
  type DrawnSpan,
  type Layout,
  type TaskFacts,
} from './timeline-layout';
import { withInvisibleShown } from '../invisible-characters';
import { formatCount } from '../format-count';

/**
 * A run's timeline, drawn twice: an SVG with one row per task (running slices
 * solid, waits lighter, a time axis in milliseconds, details on hover and on
 * keyboard focus) and a table with the same facts for screen readers, for
 * copying, and as the tests' contract (`tr[data-task]` with data-start-ms,
 * data-end-ms, data-run-ms and data-state). Framework-free, like the rest of
 * the snippet.
 */

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
  parent?: Element,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  parent?.append(element);
  return element;
}

function round(ms: number): string {
  return String(Math.round(ms * 10) / 10);
}

/**
 * Live redraws take at most this share of the page's time: after a draw of D ms, the next waits
 * D / share (and never less than MIN_REDRAW_GAP_MS). A run's last timeline starts drawing at once.
 */
const REDRAW_SHARE = 0.2;
const MIN_REDRAW_GAP_MS = 100;
/**
 * A chart is drawn in parts of about this many milliseconds, the rows of each part appended to the
 * chart in view, so that the page answers between them: 200 tasks drawn at once held the main thread
 * for 70-175 ms (their elements, then their style and layout).
 */
const DRAW_PART_MS = 8;
/** How far from a running slice the pointer may be and still get its details. */
const HOVER_SLOP_PX = 4;

const STATE_WORDS: Record<TaskFacts['state'], string> = {
  done: 'done',
  error: 'error',
  cancelled: 'cancelled',
  pending: 'pending',
};

export class TimelineView {
  private readonly root: HTMLElement;
  private readonly chart: HTMLElement;
  private readonly tip: HTMLElement;
  private readonly table: HTMLTableSectionElement;
  private readonly summary: HTMLElement;
  private readonly note: HTMLElement;
  private timeline: Timeline | undefined;
  private facts: TaskFacts[] = [];
  private svgElement: SVGSVGElement | undefined;
  private focusedRow = 0;
  private drawnWidth = 0;
  /** The newest timeline not drawn yet, and when drawing it is next allowed. */
  private pending: Timeline | undefined;
  private redrawTimer: ReturnType<typeof setTimeout> | undefined;
  private redrawFrame = 0;
  private nextRedrawAt = 0;
  /** Each row's marks as drawn, to find the one the pointer is near. */
  private runMarks: DrawnSpan[][] = [];
  private waitMarks: DrawnSpan[][] = [];
  /** The rows of the chart in view still to draw, part by part. */
  private rowsTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(root: HTMLElement) {
    this.root = root;
    this.chart = root.querySelector<HTMLElement>('[data-timeline-chart]')!;
    this.table = root.querySelector<HTMLTableSectionElement>('[data-timeline-rows]')!;
    this.summary = root.querySelector<HTMLElement>('[data-timeline-summary]')!;
    this.note = root.querySelector<HTMLElement>('[data-timeline-note]')!;
    this.tip = document.createElement('div');
    this.tip.className = 'timeline-tip';
    this.tip.hidden = true;
    this.tip.setAttribute('role', 'tooltip');
    this.tip.id = `${root.id || 'timeline'}-tip`;
    new ResizeObserver(() => {
      // Redraw for a new width only: the SVG's geometry is in pixels so text stays readable.
      if (this.timeline && Math.abs(this.chart.clientWidth - this.drawnWidth) > 4) this.draw();
    }).observe(this.chart);
    this.chart.addEventListener('pointermove', (event) => this.pointAt(event));
    this.chart.addEventListener('pointerleave', () => this.hideTip());
    this.chart.addEventListener('keydown', (event) => this.onKey(event));
    this.chart.addEventListener('focusin', (event) => {
      const row = (event.target as Element).closest<SVGGElement>('[data-row]');
      if (row) this.showRowTip(Number(row.dataset['row']));
    });
    this.chart.addEventListener('focusout', () => this.hideTip());
  }

  clear(): void {
    this.cancelRedraw();
    this.pending = undefined;
    this.nextRedrawAt = 0;
    this.timeline = undefined;
    this.facts = [];
    this.root.hidden = true;
    this.chart.replaceChildren();
    this.table.replaceChildren();
    this.summary.textContent = '';
    this.note.hidden = true;
    this.svgElement = undefined;
    this.focusedRow = 0;
  }

  /**
   * Shows `timeline`, called live during a run as often as the worker sends it: drawn once per
   * frame at most, and less often when drawing is slow, so the page keeps answering.
   */
  render(timeline: Timeline): void {
    this.pending = timeline;
    if (this.redrawTimer !== undefined || this.redrawFrame) return;
    this.redrawTimer = setTimeout(
      () => {
        this.redrawTimer = undefined;
        this.redrawFrame = requestAnimationFrame(() => {
          this.redrawFrame = 0;
          this.flush();
        });
      },
      Math.max(0, this.nextRedrawAt - performance.now()),
    );
  }

  /** Starts drawing the newest timeline now (at the end of a run). */
  flush(): void {
    this.cancelRedraw();
    const timeline = this.pending;
    if (!timeline) return;
    this.pending = undefined;
    const started = performance.now();
    this.show(timeline);
    const took = performance.now() - started;
    this.nextRedrawAt = performance.now() + Math.max(MIN_REDRAW_GAP_MS, took / REDRAW_SHARE);
  }

  private cancelRedraw(): void {
    clearTimeout(this.rowsTimer);
    this.rowsTimer = undefined;
    clearTimeout(this.redrawTimer);
    this.redrawTimer = undefined;
    cancelAnimationFrame(this.redrawFrame);
    this.redrawFrame = 0;
  }

  private show(timeline: Timeline): void {
    this.timeline = timeline;
    this.facts = timeline.tasks.map((task) => describeTask(task, timeline.durationMs));
    this.focusedRow = Math.min(this.focusedRow, Math.max(0, this.facts.length - 1));
    this.root.hidden = timeline.tasks.length === 0;
    const tasks = timeline.tasks.length;
    this.summary.textContent = `${tasks} task${tasks === 1 ? '' : 's'} over ${formatMs(timeline.durationMs)}`;
    const dropped = [
      timeline.droppedTasks ? `${formatCount(timeline.droppedTasks)} more tasks` : '',
      timeline.droppedSlices ? `${formatCount(timeline.droppedSlices)} more slices` : '',
    ].filter(Boolean);
    this.note.hidden = dropped.length === 0;
    this.note.textContent = dropped.length ? `Not drawn, to keep the page responsive: ${dropped.join(' and ')}.` : '';
    this.draw();
    this.fillTable();
  }

  /** The chart as a standalone SVG file, in the colours of the current theme. */
  toSvgFile(): string | undefined {
    if (!this.svgElement) return undefined;
    const copy = this.svgElement.cloneNode(true) as SVGSVGElement;
    const originals = [this.svgElement, ...this.svgElement.querySelectorAll('*')];
    const copies = [copy, ...copy.querySelectorAll('*')];
    originals.forEach((original, index) => {
      const style = getComputedStyle(original);
      const target = copies[index]!;
      for (const property of [
        'fill',
        'fill-opacity',
        'stroke',
        'stroke-opacity',
        'stroke-width',
        'font-family',
        'font-size',
        'font-weight',
      ]) {
        target.setAttribute(property, style.getPropertyValue(property));
      }
      target.removeAttribute('class');
      target.removeAttribute('tabindex');
    });
    const background = svg('rect', {
      width: '100%',
      height: '100%',
      fill: getComputedStyle(this.root).backgroundColor,
    });
    copy.prepend(background);
    copy.setAttribute('xmlns', SVG);
    return `<?xml version="1.0" encoding="UTF-8"?>\n${copy.outerHTML}\n`;
  }

  private draw(): void {
    const timeline = this.timeline;
    if (!timeline) return;
    const width = Math.max(280, this.chart.clientWidth);
    this.drawnWidth = width;
    const layout = layoutTimeline(timeline, width);
    const root = svg('svg', {
      class: 'timeline-svg',
      width,
      height: layout.height,
      viewBox: `0 0 ${width} ${layout.height}`,
      role: 'group',
      'aria-label': `Timeline: ${this.summary.textContent}. Arrow keys move between tasks.`,
    });
    const axis = svg('g', { class: 'tl-axis' }, root);
    for (const tick of layout.ticks) {
      svg('line', { class: 'tl-grid', x1: tick.x, x2: tick.x, y1: layout.axisHeight - 4, y2: layout.height - 4 }, axis);
      const text = svg('text', { x: tick.x, y: 14, 'text-anchor': tick.anchor }, axis);
      text.textContent = tick.label;
    }
    const waitMarks = drawnRows(
      this.facts.map((facts) => facts.task.waits),
      layout,
      1,
    );
    // At least 1.5 pixels wide, so that a slice of a few microseconds is still seen.
    const runMarks = drawnRows(
      this.facts.map((facts) => facts.task.slices),
      layout,
      1.5,
    );
    this.waitMarks = waitMarks;
    this.runMarks = runMarks;
    const drawRow = (index: number): void => this.drawRow(root, layout, index, waitMarks[index]!, runMarks[index]!);
    const drawPart = (from: number): number => {
      const until = performance.now() + DRAW_PART_MS;
      let index = from;
      while (index < this.facts.length && (index === from || performance.now() < until)) drawRow(index++);
      return index;
    };
    clearTimeout(this.rowsTimer);
    let drawn = drawPart(0);
    const drawRest = (): void => {
      const started = performance.now();
      drawn = drawPart(drawn);
      // Each part counts against the share of the page's time that live redraws may take.
      this.nextRedrawAt += (performance.now() - started) / REDRAW_SHARE;
      this.rowsTimer = drawn < this.facts.length ? setTimeout(drawRest) : undefined;
    };
    this.rowsTimer = drawn < this.facts.length ? setTimeout(drawRest) : undefined;
    this.svgElement = root;
    this.chart.replaceChildren(root, this.tip);
  }

  private drawRow(
    root: SVGSVGElement,
    layout: Layout,
    index: number,
    waitMarks: DrawnSpan[],
    runMarks: DrawnSpan[],
  ): void {
    const facts = this.facts[index]!;
    const { task } = facts;
    const row = svg(
      'g',
      {
        class: `tl-row tl-${facts.state}`,
        'data-row': index,
        role: 'img',
        'aria-label': facts.summary,
        'aria-describedby': this.tip.id,
        tabindex: index === this.focusedRow ? 0 : -1,
      },
      root,
    );
    const top = layout.barTop(index);
    const middle = top + layout.barHeight / 2;
    // Under the marks, the row's whole plot: the pointer anywhere on it finds the mark it is near.
    svg(
      'rect',
      { class: 'tl-hit', x: layout.plotLeft, y: top - 2, width: layout.plotWidth, height: layout.barHeight + 4 },
      row,
    );
    const label = svg(
      'text',
      { class: 'tl-label', x: layout.narrow ? layout.plotLeft : layout.labelWidth, y: layout.labelBaseline(index) },
      row,
    );
    if (!layout.narrow) label.setAttribute('text-anchor', 'end');
    label.textContent = fitText(facts.label, layout.narrow ? layout.plotWidth : layout.labelWidth);
    svg(
      'line',
      { class: 'tl-life', x1: layout.x(facts.startMs), x2: layout.x(facts.endMs), y1: middle, y2: middle },
      row,
    );
    for (const { x, width, first, count } of waitMarks) {
      svg(
        'rect',
        {
          class: 'tl-wait',
          x,
          y: top + 2,
          width,
          height: layout.barHeight - 4,
          'data-kind': 'wait',
          'data-index': first,
          'data-count': count,
        },
        row,
      );
      const text = count === 1 ? fitText(task.waits[first]!.on, width - 6, 6.5) : '';
      if (text) {
        const caption = svg('text', { class: 'tl-wait-label', x: x + 3, y: middle + 3.5 }, row);
        caption.textContent = text;
      }
    }
    for (const { x, width, first, count } of runMarks) {
      svg(
        'rect',
        {
          class: 'tl-run',
          x,
          y: top,
          width,
          height: layout.barHeight,
          'data-kind': 'run',
          'data-index': first,
          'data-count': count,
        },
        row,
      );
    }
    if (facts.state === 'error' || facts.state === 'cancelled') {
      const x = layout.x(facts.endMs);
      svg(
        'path',
        {
          class: 'tl-end',
          d: `M${x - 4},${top - 2} L${x + 4},${top + layout.barHeight + 2} M${x + 4},${top - 2} L${x - 4},${top + layout.barHeight + 2}`,
        },
        row,
      );
    }
  }

  private fillTable(): void {
    const rows = this.facts.map((facts) => {
      const row = document.createElement('tr');
      row.dataset['task'] = facts.task.name;
      row.dataset['startMs'] = round(facts.startMs);
      row.dataset['endMs'] = round(facts.endMs);
      row.dataset['runMs'] = round(facts.runMs);
      row.dataset['state'] = facts.state;
      const cells = [
        facts.task.name,
        facts.task.coroutine,
        formatMs(facts.startMs),
        facts.task.endedMs === null ? '—' : formatMs(facts.endMs),
        `${formatDuration(facts.runMs)} (${facts.task.slices.length})`,
        facts.waitedOn || '—',
        facts.task.outcome ? `${STATE_WORDS[facts.state]}: ${facts.task.outcome}` : STATE_WORDS[facts.state],
      ];
      cells.forEach((text, index) => {
        const cell = document.createElement(index === 0 ? 'th' : 'td');
        if (index === 0) cell.setAttribute('scope', 'row');
        cell.textContent = withInvisibleShown(text);
        row.append(cell);
      });
      return row;
    });
    this.table.replaceChildren(...rows);
  }

  private pointAt(event: PointerEvent): void {
    const target = event.target as Element;
    const row = target.closest<SVGGElement>('[data-row]');
    if (!row) return this.hideTip();
    const index = Number(row.dataset['row']);
    const facts = this.facts[index];
    if (!facts) return this.hideTip();
    const box = this.chart.getBoundingClientRect();
    const x = event.clientX - (this.svgElement?.getBoundingClientRect().left ?? box.left);
    let kind = target.getAttribute('data-kind');
    let first = Number(target.getAttribute('data-index'));
    let count = Number(target.getAttribute('data-count') ?? 1);
    if (!kind) {
      // Off the marks: the running slice nearest the pointer, else the wait under it.
      const slice = markNear(this.runMarks[index] ?? [], x, HOVER_SLOP_PX);
      const near = slice ?? markNear(this.waitMarks[index] ?? [], x, 0);
      if (near) {
        kind = slice ? 'run' : 'wait';
        ({ first, count } = near);
      }
    }
    this.showTip(markText(facts, kind, first, count), event.clientX - box.left, event.clientY - box.top);
  }

  private showRowTip(index: number): void {
    const facts = this.facts[index];
    const row = this.chart.querySelector(`[data-row="${index}"]`);
    if (!facts || !row) return;
    this.focusedRow = index;
    const box = this.chart.getBoundingClientRect();
    const rowBox = row.getBoundingClientRect();
    this.showTip(facts.summary, rowBox.left - box.left + 8, rowBox.bottom - box.top);
  }

  private showTip(text: string, x: number, y: number): void {
    this.tip.textContent = text;
    this.tip.hidden = false;
    const maxLeft = this.chart.clientWidth - this.tip.offsetWidth - 4;
    this.tip.style.left = `${Math.max(4, Math.min(x + 12, maxLeft))}px`;
    // Below the pointer, unless that runs past the chart: then above it.
    const below = y + 14;
    const fitsBelow = below + this.tip.offsetHeight <= this.chart.clientHeight;
    this.tip.style.top = `${fitsBelow ? below : Math.max(0, y - this.tip.offsetHeight - 8)}px`;
  }

  private hideTip(): void {
    this.tip.hidden = true;
  }

  private onKey(event: KeyboardEvent): void {
    const rows = [...this.chart.querySelectorAll<SVGGElement>('[data-row]')];
    if (rows.length === 0) return;
    const moves: Record<string, number> = {
      ArrowDown: this.focusedRow + 1,
      ArrowUp: this.focusedRow - 1,
      Home: 0,
      End: rows.length - 1,
    };
    if (event.key === 'Escape') return this.hideTip();
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = Math.max(0, Math.min(rows.length - 1, next));
    rows[this.focusedRow]?.setAttribute('tabindex', '-1');
    rows[target]!.setAttribute('tabindex', '0');
    this.focusedRow = target;
    rows[target]!.focus();
  }
}

/** The details of a mark (`kind` run or wait, standing for `count` spans from `first`), or of the task. */
function markText(facts: TaskFacts, kind: string | null, first: number, count: number): string {
  if (kind !== 'run' && kind !== 'wait') return facts.summary;
  if (count > 1) {
    const spans = (kind === 'run' ? facts.task.slices : facts.task.waits).slice(first, first + count);
    const from = formatMs(spans[0]!.startMs);
    const to = formatMs(Math.max(...spans.map((span) => span.endMs)));
    return kind === 'run'
      ? `${facts.label}: ${count} slices from ${from} to ${to}, running ${formatDuration(spans.reduce((sum, span) => sum + span.endMs - span.startMs, 0))} in all`
      : `${facts.label}: ${count} waits from ${from} to ${to}`;
  }
  if (kind === 'run') {
    const slice = facts.task.slices[first]!;
    return `${facts.label}: running from ${formatMs(slice.startMs)} to ${formatMs(slice.endMs)} (${formatDuration(slice.endMs - slice.startMs)})`;
  }
  const wait = facts.task.waits[first]!;
  return `${facts.label}: waiting on ${wait.on} from ${formatMs(wait.startMs)} to ${formatMs(wait.endMs)}`;
}
