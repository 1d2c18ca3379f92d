import { fileURLToPath } from 'node:url';
import { defineMdastPlugin } from 'satteri';
import type { Code } from 'mdast';
import { parseFenceMeta } from './fence-meta.ts';

/** The MDX component each runnable fence becomes; pages pass it in `components`. */
export const SNIPPET_COMPONENT = 'RunnableSnippet';

/**
 * Turns each ```python run fence into a <RunnableSnippet> element, taking the
 * ```output fence that may follow it as the snippet's expected output. Plain
 * ```python fences stay static code blocks. Authoring mistakes (a run fence
 * without a title, an output fence with no program before it) fail the build
 * with the file and the line.
 */
export const runnableFences = defineMdastPlugin({
  name: 'asyncio-walkthrough:runnable-fences',
  options: { position: true },
  code(node: Readonly<Code>, ctx) {
    const where = `${ctx.fileURL ? fileURLToPath(ctx.fileURL) : 'markdown'}:${node.position?.start.line ?? '?'}`;
    if (node.lang === 'output') {
      const parent = ctx.parent(node);
      const index = ctx.indexOf(node) ?? 0;
      const previous = parent?.children[index - 1];
      const ownedByRunFence = previous?.type === 'code' && previous.lang === 'python' && safeRun(previous.meta);
      if (!ownedByRunFence) throw new Error(`${where}: an \`\`\`output fence must come right after a \`\`\`python run fence`);
      return;
    }
    if (node.lang !== 'python') return;
    let meta;
    try {
      meta = parseFenceMeta(node.meta);
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
    if (!meta.run) return;
    const parent = ctx.parent(node);
    const index = ctx.indexOf(node) ?? 0;
    const next = parent?.children[index + 1];
    const expected = next?.type === 'code' && next.lang === 'output' ? next : undefined;
    const attribute = (name: string, value: string | null) => ({ type: 'mdxJsxAttribute' as const, name, value });
    const attributes = [attribute('code', node.value), attribute('title', meta.title!)];
    if (expected) attributes.push(attribute('expected', expected.value));
    if (meta.localOnly) attributes.push(attribute('localOnly', null));
    if (meta.timeLimitSeconds) attributes.push(attribute('timeLimitSeconds', String(meta.timeLimitSeconds)));
    if (expected) ctx.removeNode(expected);
    ctx.replaceNode(node, { type: 'mdxJsxFlowElement', name: SNIPPET_COMPONENT, attributes, children: [] });
  },
});

function safeRun(meta: string | null | undefined): boolean {
  try {
    return parseFenceMeta(meta).run;
  } catch {
    return false;
  }
}
