import { compareOutput, displayExpected } from '../expected-output';
import { formatCount } from '../format-count';

export type OutputMatch = 'same' | 'different';

/** Lines of the difference listed at most; the rest are counted. */
const MAX_DIFF_ROWS = 40;

/**
 * Says whether a run printed what the page shows as its expected output, with the placeholders'
 * leeway (timings, addresses: expected-output.ts), and where it did not, which lines differ.
 */
export class OutputMatchView {
  private readonly root: HTMLElement;
  private readonly template: string;
  private readonly verdict: HTMLElement;
  private readonly details: HTMLDetailsElement;
  private readonly lines: HTMLElement;

  constructor(root: HTMLElement, template: string) {
    this.root = root;
    this.template = template;
    this.verdict = root.querySelector<HTMLElement>('[data-match-verdict]')!;
    this.details = root.querySelector<HTMLDetailsElement>('[data-match-details]')!;
    this.lines = root.querySelector<HTMLElement>('[data-match-lines]')!;
  }

  clear(): void {
    this.root.hidden = true;
    this.details.open = false;
    this.lines.replaceChildren();
  }

  /** Compares `actual` (what the run printed, stdout and stderr in order); `edited`: the code is not the page's. */
  show(actual: string, edited: boolean): OutputMatch {
    const mismatches = compareOutput(this.template, actual);
    this.root.hidden = false;
    this.root.dataset['match'] = mismatches.length === 0 ? 'same' : 'different';
    if (mismatches.length === 0) {
      this.verdict.textContent = 'Same as the expected output.';
      this.details.hidden = true;
      return 'same';
    }
    const count = `${formatCount(mismatches.length)} line${mismatches.length === 1 ? '' : 's'}`;
    this.verdict.textContent = edited
      ? `Differs from the expected output of the page's code, in ${count}: your edits show.`
      : `Differs from the expected output, in ${count}.`;
    const rows = mismatches.slice(0, MAX_DIFF_ROWS).map(({ line, expected, actual: printed }) => {
      const row = document.createElement('tr');
      const cells = [
        String(line),
        expected === undefined ? '(no line)' : displayExpected(expected),
        printed ?? '(no line)',
      ];
      for (const [index, text] of cells.entries()) {
        const cell = document.createElement(index === 0 ? 'th' : 'td');
        if (index === 0) cell.setAttribute('scope', 'row');
        cell.textContent = text;
        row.append(cell);
      }
      return row;
    });
    if (mismatches.length > MAX_DIFF_ROWS) {
      const more = document.createElement('tr');
      const cell = document.createElement('td');
      cell.colSpan = 3;
      cell.textContent = `and ${formatCount(mismatches.length - MAX_DIFF_ROWS)} more lines`;
      more.append(cell);
      rows.push(more);
    }
    this.lines.replaceChildren(...rows);
    this.details.hidden = false;
    return 'different';
  }
}
