import { describe, expect, it } from 'vitest';
import { joinBase, normaliseBasePath } from '../../src/config/paths.ts';
import { editUrl, site } from '../../src/config/site.ts';

describe('normaliseBasePath', () => {
  it.each([
    [undefined, '/'],
    ['', '/'],
    ['/', '/'],
    ['docs', '/docs/'],
    ['/docs', '/docs/'],
    ['/docs/', '/docs/'],
    ['//a/b//', '/a/b/'],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseBasePath(input)).toBe(expected);
  });

  it('rejects a URL with a clear message', () => {
    expect(() => normaliseBasePath('https://example.com/docs/')).toThrow(/must be a path/);
  });
});

describe('joinBase', () => {
  it('joins without doubling or losing slashes', () => {
    expect(joinBase('/', '/intro/')).toBe('/intro/');
    expect(joinBase('/docs/', 'intro/')).toBe('/docs/intro/');
    expect(joinBase('/docs', '/intro/')).toBe('/docs/intro/');
    expect(joinBase('/docs/', '/')).toBe('/docs/');
  });
});

describe('editUrl', () => {
  it('points into the repository on the configured branch', () => {
    expect(editUrl('content/introduction.mdx')).toBe(`${site.repository}/edit/${site.branch}/content/introduction.mdx`);
    expect(editUrl('./content/introduction.mdx')).toBe(`${site.repository}/edit/${site.branch}/content/introduction.mdx`);
  });
});
