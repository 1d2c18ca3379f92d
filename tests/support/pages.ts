import { readFileSync } from 'node:fs';
import { SITES, type SiteName } from './sites.ts';

/** Every page path of a build (relative to its base), read from its sitemap, plus the 404 page's own path. */
export function pagePaths(site: SiteName = 'root'): string[] {
  const { dir } = SITES[site];
  const xml = readFileSync(`${dir}/sitemap-0.xml`, 'utf8');
  const paths = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => {
    const { pathname } = new URL(match[1]!);
    return pathname.slice(SITES[site].base.length);
  });
  return [...paths, '404.html'];
}
