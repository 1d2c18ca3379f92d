/**
 * The two builds the browser tests run against (made by scripts/test.ts), each served at the origin it
 * was built for (its SITE_URL), since the site's CSP names that origin: WebKit's busy-wait path fetches
 * only there. `E2E_BUILD_DIR` names another pair of folders (NAME and NAME-base) and `E2E_PORT` another
 * first port, so that two checkouts' worth of work can build and test side by side.
 */
const dir = process.env['E2E_BUILD_DIR'] ?? 'dist';
const port = Number(process.env['E2E_PORT'] ?? 4411);

export const SITES = {
  root: { dir, base: '/', origin: `http://127.0.0.1:${port}` },
  prefixed: { dir: `${dir}-base`, base: '/asyncio-walkthrough/', origin: `http://127.0.0.1:${port + 1}` },
} as const;

export type SiteName = keyof typeof SITES;
