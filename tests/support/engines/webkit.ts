import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { Builder, Key as WebDriverKey } from 'selenium-webdriver';
import type { Engine, EnginePage } from './engine.ts';
import { waitFor } from './page-actions.ts';

// selenium-webdriver/remote is a folder (remote/index.js) and the package has no exports map: Node's ESM
// resolver will not import a folder, CommonJS require will.
const { DriverService } = createRequire(import.meta.url)(
  'selenium-webdriver/remote',
) as typeof import('selenium-webdriver/remote');

/**
 * WebKit: WebKitWebDriver (Debian's webkit2gtk-driver) drives MiniBrowser, WebKitGTK's own browser
 * (from libwebkit2gtk-4.1-0, which webkit2gtk-driver depends on), on a display of its own: an Xvfb
 * started here, so the tests need no screen and open no window on one.
 *
 * Classic WebDriver has no browser contexts, so each page is its own session: its own MiniBrowser,
 * whose automation mode keeps nothing on disk (a fresh profile, as the other engines' contexts
 * are). A session starts in about half a second; the driver and the display live for the whole file.
 */
const MINIBROWSER_FALLBACK = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

function onPath(executable: string): string | undefined {
  return (process.env['PATH'] ?? '')
    .split(delimiter)
    .map((dir) => join(dir, executable))
    .find((path) => existsSync(path));
}

function missing(what: string, debianPackage: string): Error {
  return new Error(
    `No ${what} found for the WebKit tests: install Debian's ${debianPackage} package (sudo apt-get install -y ${debianPackage}).`,
  );
}

/** Where dpkg says libwebkit2gtk-4.1-0 put MiniBrowser, else its usual place. */
function findMiniBrowser(): string {
  const listed = spawnSync('dpkg', ['-L', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' });
  const fromDpkg = (listed.stdout ?? '').split('\n').find((line) => line.endsWith('/MiniBrowser'));
  const found = [fromDpkg, MINIBROWSER_FALLBACK].find((path) => path && existsSync(path));
  if (!found) throw missing('MiniBrowser', 'webkit2gtk-driver');
  return found;
}

/** Starts Xvfb on a display number it picks itself (-displayfd), so parallel runs never collide. */
async function startXvfb(executable: string): Promise<{ display: string; process: ChildProcess }> {
  const xvfb = spawn(executable, ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x1024x24'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  xvfb.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const display = await new Promise<string>((resolve, reject) => {
    xvfb.stdio[3]!.on('data', (chunk: Buffer) => resolve(`:${chunk.toString().trim()}`));
    xvfb.on('exit', (code) =>
      reject(new Error(`Xvfb exited (status ${code}) before it opened a display: ${errors.trim()}`)),
    );
  });
  return { display, process: xvfb };
}

export async function launchWebKitEngine(): Promise<Engine> {
  const driverPath = onPath('WebKitWebDriver');
  if (!driverPath) throw missing('WebKitWebDriver', 'webkit2gtk-driver');
  const miniBrowser = findMiniBrowser();
  const xvfbPath = onPath('Xvfb');
  if (!xvfbPath) throw missing('Xvfb', 'xvfb');

  const xvfb = await startXvfb(xvfbPath);
  const service = new DriverService.Builder(driverPath)
    .setLoopback(true)
    .setEnvironment({ ...process.env, DISPLAY: xvfb.display } as Record<string, string>)
    .build();
  let serverUrl: string;
  try {
    serverUrl = await service.start();
  } catch (error) {
    xvfb.process.kill();
    throw error;
  }
  const capabilities = {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation'] },
  };
  return {
    name: 'webkit',
    open: async (url) => {
      const driver = await new Builder().usingServer(serverUrl).withCapabilities(capabilities).build();
      const page: EnginePage = {
        engine: 'webkit',
        // WebDriver runs a script as a function body with its arguments in `arguments`, and waits for a returned promise.
        evaluate: (fn, arg) => driver.executeScript(`return (${fn.toString()})(arguments[0]);`, arg ?? null),
        press: async (key) => {
          const actions = driver.actions();
          const named = { Tab: WebDriverKey.TAB, Enter: WebDriverKey.ENTER, Escape: WebDriverKey.ESCAPE } as const;
          if (key === 'Shift+Tab')
            await actions.keyDown(WebDriverKey.SHIFT).sendKeys(WebDriverKey.TAB).keyUp(WebDriverKey.SHIFT).perform();
          else await actions.sendKeys(named[key]).perform();
        },
        close: () => driver.quit(),
      };
      try {
        // WebDriver's own default lets a page load hang for five minutes.
        await driver.manage().setTimeouts({ pageLoad: 60_000 });
        await driver.get(url);
        // WebKitWebDriver answers once the document is interactive, before its module scripts have run
        // (a click then would go unheard): the load event comes after them.
        await waitFor(page, 'the load event', () => document.readyState === 'complete', undefined);
      } catch (error) {
        await driver.quit();
        throw error;
      }
      return page;
    },
    close: async () => {
      await service.kill();
      xvfb.process.kill();
    },
  };
}
