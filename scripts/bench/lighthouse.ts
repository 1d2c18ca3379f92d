import lighthouse from 'lighthouse';
import { launch } from 'chrome-launcher';

/**
 * Lighthouse's four category scores (0–100) for pages of the running site, as its default mobile
 * audit scores them (simulated slow 4G and a mid-range phone's CPU), through its Node API in the
 * given Chromium. One Chromium for all pages, each audited in a fresh tab.
 */
export interface LighthouseScores {
  path: string;
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
}

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

export async function measureLighthouse(
  siteUrl: string,
  paths: readonly string[],
  chromePath: string,
): Promise<LighthouseScores[]> {
  const chrome = await launch({ chromePath, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  try {
    const scores: LighthouseScores[] = [];
    for (const path of paths) {
      const result = await lighthouse(new URL(path, siteUrl).href, {
        port: chrome.port,
        onlyCategories: CATEGORIES,
        logLevel: 'error',
      });
      if (!result) throw new Error(`Lighthouse returned nothing for ${path}`);
      // A failed audit scores 0: say why instead of passing it off as a score.
      const failure = result.lhr.runtimeError?.message;
      if (failure) throw new Error(`Lighthouse could not audit ${path}: ${failure}`);
      const score = (id: string): number => Math.round((result.lhr.categories[id]?.score ?? 0) * 100);
      scores.push({
        path,
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        seo: score('seo'),
      });
    }
    return scores;
  } finally {
    chrome.kill();
  }
}
