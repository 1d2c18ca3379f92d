import { launchEngine, type EngineName, type EnginePage } from '../../tests/support/engines/engine.ts';
import { click, waitFor } from '../../tests/support/engines/page-actions.ts';

/**
 * The runtime in each engine, side by side: the playground opened cold (a fresh profile, nothing
 * cached) and run at once, page open to first output; then Run again on the same page, click to
 * first output (warm). Times are the page's own clock, noted by an observer in the page, so the
 * drivers' own latency (WebDriver round trips) is not in them.
 */
export interface EngineFigures {
  engine: EngineName;
  path: string;
  coldMs: number[];
  warmMs: number[];
}

const SNIPPET = '[data-snippet]';
const RUN = `${SNIPPET} [data-action="run"]`;

/** Notes, as attributes any script world can read, when Run is clicked and when output first shows. */
function watchNextRun(page: EnginePage): Promise<void> {
  return page.evaluate((selector) => {
    const root = document.querySelector<HTMLElement>(selector)!;
    delete root.dataset['benchClickedAt'];
    delete root.dataset['benchOutputAt'];
    root.addEventListener('click', () => (root.dataset['benchClickedAt'] = String(performance.now())), {
      capture: true,
      once: true,
    });
    const observer = new MutationObserver(() => {
      if (!root.dataset['benchClickedAt'] || !root.querySelector('[data-log] [data-stream]')?.textContent) return;
      root.dataset['benchOutputAt'] = String(performance.now());
      observer.disconnect();
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true });
  }, SNIPPET);
}

async function firstOutput(page: EnginePage): Promise<{ clickedAt: number; outputAt: number }> {
  return waitFor(
    page,
    'the first output',
    (selector) => {
      const { benchClickedAt, benchOutputAt } = document.querySelector<HTMLElement>(selector)!.dataset;
      return benchOutputAt ? { clickedAt: Number(benchClickedAt), outputAt: Number(benchOutputAt) } : undefined;
    },
    SNIPPET,
    { timeout: 120_000 },
  );
}

export async function measureEngines(
  playgroundUrl: string,
  runs: number,
  engines: EngineName[],
): Promise<EngineFigures[]> {
  const figures: EngineFigures[] = [];
  for (const name of engines) {
    const engine = await launchEngine(name);
    const measured: EngineFigures = { engine: name, path: '', coldMs: [], warmMs: [] };
    try {
      for (let run = 0; run < runs; run++) {
        const page = await engine.open(playgroundUrl);
        try {
          await waitFor(
            page,
            'the snippet to boot',
            (s) => document.querySelector(`${s}[data-booted]`) !== null,
            SNIPPET,
          );
          await watchNextRun(page);
          await click(page, RUN);
          measured.coldMs.push((await firstOutput(page)).outputAt);
          await waitFor(
            page,
            'the run to end',
            (s) => document.querySelector(s)!.getAttribute('data-run-state') === 'done',
            SNIPPET,
            {
              timeout: 60_000,
            },
          );
          await watchNextRun(page);
          await click(page, RUN);
          const warm = await firstOutput(page);
          measured.warmMs.push(warm.outputAt - warm.clickedAt);
          measured.path = await page.evaluate(
            (s) => document.querySelector(s)!.getAttribute('data-runtime-path') ?? '?',
            SNIPPET,
          );
        } finally {
          await page.close();
        }
      }
    } finally {
      await engine.close();
    }
    figures.push(measured);
  }
  return figures;
}
