import { afterAll, beforeAll, inject } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';

/** One Chromium per test file; each test opens its own context (fresh storage). */
export function useBrowser(): { browser: () => Browser; rootUrl: string; prefixedUrl: string } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    browser: () => {
      if (!browser) throw new Error('The browser is not started yet');
      return browser;
    },
    rootUrl: inject('rootUrl'),
    prefixedUrl: inject('prefixedUrl'),
  };
}

export interface OpenedPage {
  page: Page;
  /** Requests that left the site's origin. */
  foreignRequests: string[];
  /** What the Content-Security-Policy blocked, in the page, its frames and its workers. */
  policyViolations: string[];
  close(): Promise<void>;
}

export async function openPage(
  browser: Browser,
  url: string,
  options: BrowserContextOptions = {},
): Promise<OpenedPage> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const origin = new URL(url).origin;
  const foreignRequests: string[] = [];
  page.on('request', (request) => {
    const target = request.url();
    if (!target.startsWith(origin) && !target.startsWith('data:') && !target.startsWith('blob:'))
      foreignRequests.push(target);
  });
  const policyViolations: string[] = [];
  // The browser reports what the policy blocks to the console; the events, reported there too, also
  // name what a console message may not.
  page.on('console', (message) => {
    if (/content.security.policy/i.test(message.text())) policyViolations.push(message.text());
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`Content-Security-Policy violation: ${event.effectiveDirective} blocked ${event.blockedURI}`);
    });
  });
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  await page.goto(url);
  return {
    page,
    foreignRequests,
    policyViolations,
    close: async () => {
      await context.close();
      if (pageErrors.length > 0) throw new Error(`Script errors on ${url}: ${pageErrors.map(String).join('; ')}`);
    },
  };
}
