import { fileURLToPath } from 'node:url';
import { defineMdastPlugin, type MdastVisitorContext } from 'satteri';
import type { Code } from 'mdast';
import { parseFenceMeta, type FenceMeta } from './fence-meta.ts';

/** The MDX component each runnable fence becomes; pages pass it in `components`. */
export const SNIPPET_COMPONENT = 'RunnableSnippet';

export interface RunnableFence {
  meta: FenceMeta;
  /** The ```output fence right after the program, if any. */
  expected: Readonly<Code> | undefined;
  /** "file:line", for error messages. */
  where: string;
}

/**
 * Reads a fence the way the site does: a ```python run fence and the ```output
 * fence that may follow it. Returns undefined for any other fence. Authoring
 * mistakes (a run fence without a title, an output fence with no program before
 * it) throw with the file and the line.
 */
export function readRunnableFence(node: Readonly<Code>, ctx: MdastVisitorContext): RunnableFence | undefined {
  const where = `${ctx.fileURL ? fileURLToPath(ctx.fileURL) : 'markdown'}:${node.position?.start.line ?? '?'}`;
  const parent = ctx.parent(node);
  const index = ctx.indexOf(node) ?? 0;
  if (node.lang === 'output') {
    const previous = parent?.children[index - 1];
    const ownedByRunFence = previous?.type === 'code' && previous.lang === 'python' && isRunFence(previous.meta);
    if (!ownedByRunFence) throw new Error(`${where}: an \`\`\`output fence must come right after a \`\`\`python run fence`);
    return undefined;
  }
  if (node.lang !== 'python') return undefined;
  let meta: FenceMeta;
  try {
    meta = parseFenceMeta(node.meta);
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
  if (!meta.run) return undefined;
  const next = parent?.children[index + 1];
  const expected = next?.type === 'code' && next.lang === 'output' ? next : undefined;
  return { meta, expected, where };
}

function isRunFence(meta: string | null | undefined): boolean {
  try {
    return parseFenceMeta(meta).run;
  } catch {
    return false;
  }
}

/**
 * Turns each ```python run fence into a <RunnableSnippet> element, taking the
 * ```output fence that follows it as the snippet's expected output. Plain
 * ```python fences stay static code blocks.
 */
export const runnableFences = defineMdastPlugin({
  name: 'asyncio-walkthrough:runnable-fences',
  options: { position: true },
  code(node: Readonly<Code>, ctx) {
    const fence = readRunnableFence(node, ctx);
    if (!fence) return;
    const { meta, expected } = fence;
    const attribute = (name: string, value: string | null) => ({ type: 'mdxJsxAttribute' as const, name, value });
    const attributes = [attribute('code', node.value), attribute('title', meta.title!)];
    if (expected) attributes.push(attribute('expected', expected.value));
    if (meta.localOnly) attributes.push(attribute('localOnly', null));
    if (meta.timeLimitSeconds) attributes.push(attribute('timeLimitSeconds', String(meta.timeLimitSeconds)));
    if (meta.requires) attributes.push(attribute('requires', meta.requires));
    if (expected) ctx.removeNode(expected);
    ctx.replaceNode(node, { type: 'mdxJsxFlowElement', name: SNIPPET_COMPONENT, attributes, children: [] });
  },
});
