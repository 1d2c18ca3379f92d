import { existsSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import type { Engine } from './engine.ts';

/** Firefox: $FIREFOX_PATH, else the system's Firefox (Debian's firefox-esr installs /usr/bin/firefox). */
function findFirefox(): string {
  const fromEnv = process.env['FIREFOX_PATH'];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`FIREFOX_PATH is set to "${fromEnv}", but there is no file there.`);
    return fromEnv;
  }
  const found = ['/usr/bin/firefox', '/usr/bin/firefox-esr'].find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    "No Firefox found for the cross-engine tests: install Debian's firefox-esr package (sudo apt-get install -y firefox-esr) or point FIREFOX_PATH at a Firefox binary.",
  );
}

/** Firefox through puppeteer-core over WebDriver BiDi; each page gets its own user context (a fresh profile). */
export async function launchFirefoxEngine(): Promise<Engine> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: true,
    protocol: 'webDriverBiDi',
  });
  return {
    name: 'firefox',
    open: async (url) => {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      try {
        await page.goto(url);
      } catch (error) {
        await context.close();
        throw error;
      }
      return {
        engine: 'firefox',
        // Puppeteer's own typing unboxes handles; these arguments are plain JSON.
        evaluate: <Result, Arg>(fn: (arg: Arg) => Result | Promise<Result>, arg?: Arg) =>
          page.evaluate(fn as (arg: unknown) => Result | Promise<Result>, arg as unknown) as Promise<Result>,
        press: async (key) => {
          if (key !== 'Shift+Tab') return page.keyboard.press(key);
          await page.keyboard.down('Shift');
          await page.keyboard.press('Tab');
          await page.keyboard.up('Shift');
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}
