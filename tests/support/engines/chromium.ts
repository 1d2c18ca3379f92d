import { launchChromium } from '../browser.ts';
import type { Engine } from './engine.ts';

/** Chromium through Playwright, as the e2e suite drives it; one browser context per page. */
export async function launchChromiumEngine(): Promise<Engine> {
  const browser = await launchChromium();
  return {
    name: 'chromium',
    open: async (url) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        await page.goto(url);
      } catch (error) {
        await context.close();
        throw error;
      }
      return {
        engine: 'chromium',
        // Playwright's own typing unboxes handles; these arguments are plain JSON.
        evaluate: <Result, Arg>(fn: (arg: Arg) => Result | Promise<Result>, arg?: Arg) =>
          page.evaluate(fn as (arg: unknown) => Result | Promise<Result>, arg as unknown),
        press: (key) => page.keyboard.press(key),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}
