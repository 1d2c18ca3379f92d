import { defineConfig } from 'vitest/config';

/**
 * Tests grouped by kind, each a Vitest project:
 *  - unit: pure functions and plugins, no build, no browser;
 *  - runtime: the Python engine in Node (Pyodide), against CPython's own output;
 *  - build: builds of deliberately broken content, checking the errors authors see;
 *  - e2e:  the built site in a real Chromium (Playwright);
 *  - engines: a cross-engine subset (the runtime, one snippet per chapter) in Firefox and WebKit;
 *  - a11y: an axe scan of every built page.
 * e2e, engines and a11y read the built site from dist/ and dist-base/ (scripts/test.ts builds them).
 */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'runtime',
          include: ['tests/runtime/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'build',
          include: ['tests/build/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'engines',
          include: ['tests/engines/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          // Two Python starts (a Stop that replaces the worker) of up to a minute each in WebKit.
          testTimeout: 180_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'a11y',
          include: ['tests/a11y/**/*.test.ts'],
          maxConcurrency: 3,
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
