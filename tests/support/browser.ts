import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/**
 * Finds a Chromium for the end-to-end tests: $CHROME_PATH, then the system's
 * Chromium or Chrome, then a browser in Playwright's cache. Playwright cannot
 * download its own browser on these machines, so none is fetched here.
 */
export function findChromium(): string {
  const fromEnv = process.env['CHROME_PATH'] ?? process.env['PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH'];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH is set to "${fromEnv}", but there is no file there.`);
    return fromEnv;
  }
  const system = [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ];
  const found = system.find((path) => existsSync(path));
  if (found) return found;
  const cache = process.env['PLAYWRIGHT_BROWSERS_PATH'] ?? join(homedir(), '.cache', 'ms-playwright');
  if (existsSync(cache)) {
    for (const dir of readdirSync(cache).filter((name) => name.startsWith('chromium')).sort().reverse()) {
      for (const sub of ['chrome-linux64/chrome', 'chrome-linux/chrome', 'chrome-mac/Chromium.app/Contents/MacOS/Chromium']) {
        const candidate = join(cache, dir, sub);
        if (existsSync(candidate)) return candidate;
      }
    }
  }
  throw new Error(
    [
      'No Chromium found for the end-to-end tests.',
      'Install one and run the tests again:',
      '  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium',
      '  or point CHROME_PATH at a Chrome or Chromium binary.',
      '(`bash .ci/run` installs Chromium itself when it is missing.)',
    ].join('\n'),
  );
}

const HEADLESS_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: HEADLESS_FLAGS,
    ...options,
  });
}
