import { existsSync, readFileSync } from 'node:fs';
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

/**
 * The servers of this Vitest process. Each browser project (e2e, a11y, engines) runs this setup, and
 * a build can be served at its one origin only once: the first project starts them, the last one to
 * finish stops them. Under `npm test`, which runs two Vitest processes side by side, scripts/test.ts
 * serves the builds itself and says so (E2E_SITES_SERVED): then no project starts any.
 */
const shared = globalThis as typeof globalThis & { siteServers?: { servers: Promise<StaticServer[]>; users: number } };

export async function startServers(): Promise<StaticServer[]> {
  const servers: StaticServer[] = [];
  for (const site of Object.values(SITES)) {
    if (!existsSync(`${site.dir}/index.html`)) {
      throw new Error(`No build in ${site.dir}/. Run "npm test" (it builds first) or "node scripts/test.ts".`);
    }
    const builtFor = readFileSync(`${site.dir}/sitemap-index.xml`, 'utf8').match(/<loc>(https?:\/\/[^/<]+)/)?.[1];
    if (builtFor !== site.origin) {
      throw new Error(
        `${site.dir}/ was built for ${builtFor ?? 'no origin'}, not ${site.origin}: build it with SITE_URL=${site.origin} ("npm test" does).`,
      );
    }
    const { hostname, port } = new URL(site.origin);
    servers.push(await startStaticServer({ root: site.dir, base: site.base, host: hostname, port: Number(port) }));
  }
  return servers;
}

/** Serves both builds for the whole run; fails early, and clearly, when a build or the browser is missing. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  findChromium();
  if (process.env['E2E_SITES_SERVED'] === '1') {
    project.provide('rootUrl', `${SITES.root.origin}${SITES.root.base}`);
    project.provide('prefixedUrl', `${SITES.prefixed.origin}${SITES.prefixed.base}`);
    return async () => {};
  }
  shared.siteServers ??= { servers: startServers(), users: 0 };
  const use = shared.siteServers;
  use.users++;
  const servers = await use.servers;
  project.provide('rootUrl', servers[0]!.url);
  project.provide('prefixedUrl', servers[1]!.url);
  return async () => {
    if (--use.users > 0) return;
    delete shared.siteServers;
    await Promise.all(servers.map((server) => server.close()));
  };
}
