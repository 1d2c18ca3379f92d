import type { EnginePage } from './engine.ts';

/** What every engine can do once it can evaluate a script: wait by polling, and click from a script. */

const POLL_INTERVAL_MS = 100;
const REPORT_TIMEOUT_MS = 5_000;

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
  const failure = (detail: string | undefined) =>
    new Error(`${page.engine}: waited ${timeout / 1000} s for ${what}, in vain${detail ? ` (${detail})` : ''}`);
  const silent = 'the page stopped answering scripts';
  for (;;) {
    // A page whose main thread is starved may not answer at all: the deadline holds all the same.
    const result = await answerBefore(page.evaluate(condition, arg), deadline);
    if (result === NO_ANSWER) throw failure(silent);
    if (result) return result as NonNullable<Result>;
    if (Date.now() >= deadline) {
      const state = report ? await answerBefore(page.evaluate(report, arg), Date.now() + REPORT_TIMEOUT_MS) : undefined;
      throw failure(state === NO_ANSWER ? silent : state);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

const NO_ANSWER = Symbol('no answer');

/** The promise's value, or NO_ANSWER if it has not settled by `deadline`. */
async function answerBefore<Value>(promise: Promise<Value>, deadline: number): Promise<Value | typeof NO_ANSWER> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<typeof NO_ANSWER>(
    (resolve) => (timer = setTimeout(() => resolve(NO_ANSWER), Math.max(0, deadline - Date.now()))),
  );
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
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
