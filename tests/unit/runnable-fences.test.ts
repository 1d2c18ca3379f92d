import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mdxToJs } from 'satteri';
import { runnableFences, SNIPPET_COMPONENT } from '../../src/markdown/runnable-fences.ts';

const compile = async (source: string) =>
  (await mdxToJs(source, { mdastPlugins: [runnableFences], fileURL: pathToFileURL('/content/chapter.mdx') })).code;

describe('runnable fences', () => {
  it('turn a ```python run fence and its ```output into one snippet element', async () => {
    const code = await compile('```python run title="hello.py"\nprint("hi")\n```\n\n```output\nhi\n```\n');
    expect(code).toContain(`_jsx(${SNIPPET_COMPONENT}, {`);
    expect(code).toContain('code: "print(\\"hi\\")"');
    expect(code).toContain('title: "hello.py"');
    expect(code).toContain('expected: "hi"');
    expect(code).not.toContain('language-output');
  });

  it('pass local-only and time-limit on', async () => {
    const code = await compile('```python run title="t.py" local-only time-limit=90\nimport threading\n```\n');
    expect(code).toContain('localOnly: true');
    expect(code).toContain('timeLimitSeconds: "90"');
  });

  it('leave plain python fences static', async () => {
    const code = await compile('```python\nx = 1\n```\n');
    expect(code).not.toContain(SNIPPET_COMPONENT);
    expect(code).toContain('language-python');
  });

  it('fail with the file and line for a runnable fence without a title', async () => {
    await expect(compile('# Title\n\n```python run\nprint(1)\n```\n')).rejects.toThrow(/chapter\.mdx:3: a runnable fence needs a title/);
  });

  it('fail for an output fence with no program before it', async () => {
    await expect(compile('Some text.\n\n```output\nhi\n```\n')).rejects.toThrow(/chapter\.mdx:3: an ```output fence must come right after/);
  });
});
