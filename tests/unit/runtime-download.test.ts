import { describe, expect, it } from 'vitest';
import { runtimeWorthKeeping } from '../../src/scripts/register-service-worker.ts';

const page = (withSnippets: boolean) => ({ querySelector: () => (withSnippets ? ({} as Element) : null) });

describe('whether a page asks the service worker to keep the Python runtime', () => {
  it.each([
    ['a chapter, no Network Information API (Firefox, Safari)', true, undefined, true],
    ['a chapter on a fast connection', true, { effectiveType: '4g', type: 'wifi' }, true],
    ['a chapter, the reader saving data', true, { saveData: true, effectiveType: '4g' }, false],
    ['a chapter on a cellular connection', true, { type: 'cellular', effectiveType: '4g' }, false],
    ['a chapter on a 2G connection', true, { effectiveType: '2g' }, false],
    ['a chapter on a slow-2G connection', true, { effectiveType: 'slow-2g' }, false],
    ['the home page (no snippets)', false, undefined, false],
  ])('%s', (_, withSnippets, connection, kept) => {
    expect(runtimeWorthKeeping(page(withSnippets), connection)).toBe(kept);
  });
});
