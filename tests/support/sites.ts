/** The two builds the browser tests run against (made by scripts/test.ts). */
export const SITES = {
  root: { dir: 'dist', base: '/' },
  prefixed: { dir: 'dist-base', base: '/asyncio-walkthrough/' },
} as const;

export type SiteName = keyof typeof SITES;
