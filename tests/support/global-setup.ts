import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startStaticServer, type StaticServer } from '../../scripts/lib/static-server.ts';
import { findChromium } from './browser.ts';
import { SITES } from './sites.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    rootUrl: string;
    prefixedUrl: string;
  }
}

/** Serves both builds for the whole run; fails early, and clearly, when a build or the browser is missing. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  findChromium();
  const servers: StaticServer[] = [];
  for (const site of Object.values(SITES)) {
    if (!existsSync(`${site.dir}/index.html`)) {
      throw new Error(`No build in ${site.dir}/. Run "npm test" (it builds first) or "node scripts/test.ts".`);
    }
    servers.push(await startStaticServer({ root: site.dir, base: site.base }));
  }
  project.provide('rootUrl', servers[0]!.url);
  project.provide('prefixedUrl', servers[1]!.url);
  return async () => {
    await Promise.all(servers.map((server) => server.close()));
  };
}
