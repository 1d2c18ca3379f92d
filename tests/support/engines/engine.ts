/**
 * The browser engines the cross-engine tests drive, behind one small interface: open a URL in a
 * fresh profile, evaluate a function in the page, close. Everything else (waiting, clicking, the
 * snippet contract) is built on `evaluate`, once, in engine-neutral modules. Each engine keeps the
 * client that drives it best: Playwright for Chromium, puppeteer-core over WebDriver BiDi for
 * Firefox, selenium-webdriver with WebKitWebDriver for WebKit (MiniBrowser).
 */
export type EngineName = 'chromium' | 'firefox' | 'webkit';

/** The keys the tests press: the ones that move through a page and into and out of its editors. */
export type Key = 'Tab' | 'Shift+Tab' | 'Enter' | 'Escape';

export interface EnginePage {
  readonly engine: EngineName;
  /**
   * Runs `fn` in the page with `arg` and returns its result (awaited when it is a promise). `fn` is
   * sent as source text: it sees only its argument and the page, and both `arg` and the result must
   * survive JSON.
   */
  evaluate<Result, Arg = undefined>(fn: (arg: Arg) => Result | Promise<Result>, arg?: Arg): Promise<Result>;
  /** Presses a key as the reader's keyboard does (trusted events: focus moves on Tab). */
  press(key: Key): Promise<void>;
  /** Closes the page and its profile, storage and all. */
  close(): Promise<void>;
}

export interface Engine {
  readonly name: EngineName;
  /** Opens `url` in a fresh profile (nothing stored, no cache, no service worker) and waits for its load event. */
  open(url: string): Promise<EnginePage>;
  close(): Promise<void>;
}

/**
 * The engines the `engines` project runs in: E2E_ENGINES (comma-separated), else Firefox and WebKit
 * (Chromium runs the whole e2e suite).
 */
export function enginesUnderTest(): EngineName[] {
  const names = (process.env['E2E_ENGINES'] ?? 'firefox,webkit').split(',').map((name) => name.trim());
  for (const name of names) {
    if (!isEngineName(name))
      throw new Error(`E2E_ENGINES names "${name}"; the engines are chromium, firefox and webkit.`);
  }
  return names as EngineName[];
}

function isEngineName(name: string): name is EngineName {
  return name === 'chromium' || name === 'firefox' || name === 'webkit';
}

/** Starts an engine; throws, naming the Debian package to install, when it is not on this machine. */
export async function launchEngine(name: EngineName): Promise<Engine> {
  switch (name) {
    case 'chromium':
      return (await import('./chromium.ts')).launchChromiumEngine();
    case 'firefox':
      return (await import('./firefox.ts')).launchFirefoxEngine();
    case 'webkit':
      return (await import('./webkit.ts')).launchWebKitEngine();
  }
}
