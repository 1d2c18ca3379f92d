/**
 * `node scripts/screenshot.ts URL OUT.png [width] [dark]`: a picture of a page, for the
 * README and for looking at layout changes.
 */
import { launchChromium } from '../tests/support/browser.ts';

const [url, out, width = '1280', scheme = 'light'] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node scripts/screenshot.ts URL OUT.png [width] [light|dark]');
  process.exit(2);
}
const browser = await launchChromium();
const page = await browser.newPage({
  viewport: { width: Number(width), height: 900 },
  colorScheme: scheme === 'dark' ? 'dark' : 'light',
});
await page.goto(url, { waitUntil: 'networkidle' });
await page.screenshot({ path: out, fullPage: process.env['FULL'] === '1' });
await browser.close();
console.log(`Wrote ${out}`);
