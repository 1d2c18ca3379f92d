import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { defineMdastPlugin, mdxToJs } from 'satteri';
import type { Code } from 'mdast';
import { readRunnableFence } from './runnable-fences.ts';

export interface CollectedSnippet {
  file: string;
  line: number;
  title: string;
  code: string;
  expected: string | undefined;
  localOnly: boolean;
  timeLimitSeconds: number | undefined;
  requires: string | undefined;
}

/** Every runnable snippet of a chapter, read exactly as the site reads it. */
export async function collectSnippets(file: string): Promise<CollectedSnippet[]> {
  const snippets: CollectedSnippet[] = [];
  const collector = defineMdastPlugin({
    name: 'asyncio-walkthrough:collect-snippets',
    options: { position: true },
    code(node: Readonly<Code>, ctx) {
      const fence = readRunnableFence(node, ctx);
      if (!fence) return;
      snippets.push({
        file,
        line: node.position?.start.line ?? 0,
        title: fence.meta.title!,
        code: node.value,
        expected: fence.expected?.value,
        localOnly: fence.meta.localOnly,
        timeLimitSeconds: fence.meta.timeLimitSeconds,
        requires: fence.meta.requires,
      });
    },
  });
  await mdxToJs(await readFile(file, 'utf8'), { mdastPlugins: [collector], fileURL: pathToFileURL(file) });
  return snippets;
}
