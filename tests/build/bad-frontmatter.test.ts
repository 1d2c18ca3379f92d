import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const project = resolve(import.meta.dirname, '../..');
const scratch: string[] = [];

/** Builds a copy of the site whose content folder holds only `files` (and the glossary); returns what the build printed. */
function buildWith(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'chapters-'));
  scratch.push(dir);
  for (const entry of ['src', 'public', 'astro.config.mjs', 'tsconfig.json', 'package.json']) {
    cpSync(join(project, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(project, 'node_modules'), join(dir, 'node_modules'), 'dir');
  mkdirSync(join(dir, 'content'));
  cpSync(join(project, 'content/glossary.yaml'), join(dir, 'content/glossary.yaml'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'content', name), text);
  const result = spawnSync(join(project, 'node_modules/.bin/astro'), ['build'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

const chapter = (frontmatter: string) => `---\n${frontmatter}\n---\n\n## A section\n\nText.\n`;

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('a chapter with bad frontmatter', () => {
  it('fails the build, naming the file and the field', () => {
    const { status, output } = buildWith({
      'broken-chapter.mdx': chapter('title: "Broken"\norder: 1\nlearn:\n  - "something"'),
    });
    expect(status).not.toBe(0);
    expect(output).toContain('chapters → broken-chapter data does not match collection schema');
    expect(output).toMatch(/description: Required/);
    expect(output).toContain('content/broken-chapter.mdx');
  });

  it('fails the build when two chapters share an order, naming both', () => {
    const good = (title: string) =>
      chapter(`title: "${title}"\ndescription: "A description that is long enough."\norder: 4\nlearn:\n  - "x y z"`);
    const { status, output } = buildWith({ 'first.mdx': good('First'), 'second.mdx': good('Second') });
    expect(status).not.toBe(0);
    expect(output).toMatch(/"first" and "second" both have order 4/);
  });
});
