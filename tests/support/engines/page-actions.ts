import type { EnginePage } from './engine.ts';

/** What every engine can do once it can evaluate a script: wait by polling, and click from a script. */

const POLL_INTERVAL_MS = 100;

export interface WaitOptions<Arg> {
  timeout?: number;
  /** Describes the page's state at the timeout, for the failure message. */
  report?: (arg: Arg) => string;
}

/**
 * Evaluates `condition` in the page until it returns a truthy value, and returns that value.
 * At the timeout it throws, naming `what` it waited for, the engine, and what `report` says.
 */
export async function waitFor<Result, Arg>(
  page: EnginePage,
  what: string,
  condition: (arg: Arg) => Result | Promise<Result>,
  arg: Arg,
  { timeout = 30_000, report }: WaitOptions<Arg> = {},
): Promise<NonNullable<Result>> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const result = await page.evaluate(condition, arg);
    if (result) return result as NonNullable<Result>;
    if (Date.now() >= deadline) {
      const state = report ? ` (${await page.evaluate(report, arg)})` : '';
      throw new Error(`${page.engine}: waited ${timeout / 1000} s for ${what}, in vain${state}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/**
 * Clicks the element `selector` finds, from a script, after scrolling it into view: WebDriver's own
 * click can refuse an element it judges not interactable (WebKitWebDriver does, for toolbar buttons),
 * and a script's click is the same in every engine.
 */
export async function click(page: EnginePage, selector: string): Promise<void> {
  const clicked = await page.evaluate((target) => {
    const element = document.querySelector<HTMLElement>(target);
    if (!element) return false;
    element.scrollIntoView({ block: 'center' });
    element.click();
    return true;
  }, selector);
  if (!clicked) throw new Error(`${page.engine}: nothing to click, no element matches ${selector}`);
}
