/**
 * The two builds the browser tests run against (made by scripts/test.ts). `E2E_BUILD_DIR` names
 * another pair of folders (NAME and NAME-base), so that two checkouts' worth of work can build and
 * test side by side without overwriting each other's site.
 */
const dir = process.env['E2E_BUILD_DIR'] ?? 'dist';

export const SITES = {
  root: { dir, base: '/' },
  prefixed: { dir: `${dir}-base`, base: '/asyncio-walkthrough/' },
} as const;

export type SiteName = keyof typeof SITES;
