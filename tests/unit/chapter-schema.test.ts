import { describe, expect, it } from 'vitest';
import { chapterSchema } from '../../src/content/schema.ts';

const valid = {
  title: 'Introduction',
  description: 'What this walkthrough covers and how to run its examples.',
  order: 1,
  learn: ['What async IO is'],
};

describe('chapter frontmatter', () => {
  it('accepts a complete chapter', () => {
    expect(chapterSchema.parse(valid)).toEqual(valid);
  });

  it.each([
    ['title', { ...valid, title: undefined }],
    ['description', { ...valid, description: 'too short' }],
    ['order', { ...valid, order: 1.5 }],
    ['order', { ...valid, order: 0 }],
    ['learn', { ...valid, learn: [] }],
    ['sidebarLabel', { ...valid, sidebarLabel: 'A label far too long to fit in the sidebar' }],
  ])('names the field %s when it is wrong', (field, data) => {
    const result = chapterSchema.safeParse(data);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(field);
  });

  it('rejects fields it does not know, so typos do not pass silently', () => {
    const result = chapterSchema.safeParse({ ...valid, titel: 'typo' });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('titel');
  });
});
