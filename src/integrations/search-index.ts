import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';
import { site } from '../config/site.ts';
import { extractRecords, type SearchRecord } from '../search/records.ts';
import { SEARCH_BUNDLE_DIR, type RecordMeta } from '../search/schema.ts';

/**
 * Builds the search index at the end of every `astro build` (so `npm run build`, `npm start`, both
 * builds of `npm test` and the benchmarks all have one): reads the built chapter and glossary pages,
 * turns them into records (src/search/records.ts) and has Pagefind write its bundle into
 * <outDir>/pagefind/. Custom records rather than whole pages, because Pagefind filters apply to a
 * whole record: a record per section's prose and per code block is what lets a result point at its
 * section and say, and filter, whether it matched prose or code.
 */
export function searchIndex(): AstroIntegration {
  return {
    name: 'asyncio-walkthrough:search-index',
    hooks: {
      'astro:build:done': async ({ dir, pages, logger }) => {
        const outDir = fileURLToPath(dir);
        const records: SearchRecord[] = [];
        let indexedPages = 0;
        for (const { pathname } of pages) {
          const file = join(outDir, pathname, 'index.html');
          if (!existsSync(file)) continue;
          const found = extractRecords(await readFile(file, 'utf8'), pathname);
          if (found.length > 0) indexedPages++;
          records.push(...found);
        }
        const bytes = await writeIndex(records, join(outDir, SEARCH_BUNDLE_DIR));
        const code = records.filter((record) => record.kind === 'code').length;
        logger.info(
          `Search index: ${records.length} records (${records.length - code} prose, ${code} code) from ` +
            `${indexedPages} pages, ${(bytes / 1024).toFixed(0)} KB in ${SEARCH_BUNDLE_DIR}`,
        );
      },
    },
  };
}

/**
 * Files of the bundle that no page ever loads: Pagefind's prebuilt UIs and highlighter (the site has
 * its own) and the index for pages of unknown language (every record is in the site's language).
 */
const UNUSED_FILE = /^(pagefind-(ui|component-ui|modular-ui|highlight)\.(js|css)|wasm\.unknown\.pagefind)$/;

/** Writes the bundle, less what the site never loads; returns its size in bytes. */
async function writeIndex(records: SearchRecord[], target: string): Promise<number> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: site.locale });
  try {
    if (!index) throw new Error(errors.join('\n'));
    for (const record of records) {
      const meta: RecordMeta = { page: record.page, section: record.section };
      const title = record.kind === 'prose' ? record.section : record.file;
      if (title !== undefined) meta.title = title;
      const added = await index.addCustomRecord({
        url: record.url,
        content: record.content,
        language: site.locale,
        // A copy: Pagefind takes a string record, which an interface is not assignable to.
        meta: { ...meta },
        filters: { kind: [record.kind] },
      });
      if (added.errors.length > 0) throw new Error(`${record.url}: ${added.errors.join('\n')}`);
    }
    const { files, errors: writeErrors } = await index.getFiles();
    if (writeErrors.length > 0) throw new Error(writeErrors.join('\n'));
    const used = files.filter(({ path }) => !UNUSED_FILE.test(basename(path)));
    await rm(target, { recursive: true, force: true });
    for (const { path, content } of used) {
      await mkdir(dirname(join(target, path)), { recursive: true });
      await writeFile(join(target, path), content);
    }
    return used.reduce((sum, { content }) => sum + content.length, 0);
  } finally {
    await pagefind.close();
  }
}
