import lighthouse from 'lighthouse';
import { launch } from 'chrome-launcher';
import { startStaticServer } from './lib/static-server.ts';
const server = await startStaticServer({ root: 'dist' });
const chrome = await launch({ chromePath: '/usr/bin/chromium', chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
for (const path of (process.argv[2] ?? 'event-loop-and-tasks/').split(',')) {
  const result = await lighthouse(new URL(path, server.url).href, { port: chrome.port, onlyCategories: ['performance'], logLevel: 'error' });
  const lhr = result!.lhr;
  console.log(path, Math.round(lhr.categories.performance!.score! * 100));
  for (const id of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']) {
    const a = lhr.audits[id]!;
    console.log('  ', id, a.displayValue, a.score);
  }
  const lcp = lhr.audits['largest-contentful-paint-element'] as any;
  console.log('  LCP element', JSON.stringify(lcp?.details?.items?.[0]?.items?.[0]?.node?.snippet ?? lcp?.details?.items?.[0]).slice(0, 300));
  const rb = lhr.audits['render-blocking-insight'] ?? lhr.audits['render-blocking-resources'];
  console.log('  render-blocking', rb?.displayValue, JSON.stringify((rb?.details as any)?.items?.map((i: any) => i.url)));
  const shifts = lhr.audits['layout-shifts'] as any;
  console.log('  shifts', JSON.stringify(shifts?.details?.items?.slice(0, 3)?.map((i: any) => [i.score, i.node?.snippet?.slice(0, 120)])));
}
chrome.kill();
await server.close();
