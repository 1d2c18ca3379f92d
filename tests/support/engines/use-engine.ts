import { afterAll, beforeAll, inject, onTestFinished } from 'vitest';
import { launchEngine, type Engine, type EngineName, type EnginePage } from './engine.ts';

/**
 * One engine per describe block of a test file (its beforeAll fails every test of the block, with
 * the missing package named, when the engine is not installed); each test opens its own pages in
 * fresh profiles, closed when the test ends, passed or failed.
 */
export function useEngine(name: EngineName): {
  open(url: string): Promise<EnginePage>;
  rootUrl: string;
  prefixedUrl: string;
} {
  let engine: Engine | undefined;
  beforeAll(async () => {
    engine = await launchEngine(name);
  });
  afterAll(async () => {
    await engine?.close();
  });
  return {
    open: async (url) => {
      if (!engine) throw new Error(`${name} is not started yet`);
      const page = await engine.open(url);
      onTestFinished(() => page.close());
      return page;
    },
    rootUrl: inject('rootUrl'),
    prefixedUrl: inject('prefixedUrl'),
  };
}
