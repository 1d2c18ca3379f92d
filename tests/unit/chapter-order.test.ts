import { describe, expect, it } from 'vitest';
import { neighbours, orderChapters } from '../../src/content/order.ts';

const chapter = (id: string, order: number) => ({ id, data: { order } });

describe('orderChapters', () => {
  it('sorts by order, not by file name', () => {
    const sorted = orderChapters([chapter('c', 3), chapter('a', 1), chapter('b', 2)]);
    expect(sorted.map((entry) => entry.id)).toEqual(['a', 'b', 'c']);
  });

  it('refuses two chapters with the same order and names both', () => {
    expect(() => orderChapters([chapter('intro', 1), chapter('other', 1)])).toThrow(/"intro" and "other" both have order 1/);
  });
});

describe('neighbours', () => {
  const sorted = orderChapters([chapter('a', 1), chapter('b', 2), chapter('c', 3)]);

  it('gives previous and next', () => {
    expect(neighbours(sorted, 'b')).toEqual({ previous: sorted[0], next: sorted[2] });
  });

  it('has no previous for the first and no next for the last', () => {
    expect(neighbours(sorted, 'a').previous).toBeUndefined();
    expect(neighbours(sorted, 'c').next).toBeUndefined();
  });

  it('throws for an unknown chapter', () => {
    expect(() => neighbours(sorted, 'zzz')).toThrow(/No chapter with id "zzz"/);
  });
});
