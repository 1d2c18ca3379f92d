import { describe, expect, it } from 'vitest';
import { parseFenceMeta } from '../../src/markdown/fence-meta.ts';

describe('parseFenceMeta', () => {
  it('reads a runnable fence', () => {
    expect(parseFenceMeta('run title="countasync.py"')).toEqual({ run: true, title: 'countasync.py', localOnly: false });
  });

  it('reads local-only and time-limit', () => {
    expect(parseFenceMeta("run title='threads.py' local-only time-limit=120")).toEqual({
      run: true,
      title: 'threads.py',
      localOnly: true,
      timeLimitSeconds: 120,
    });
  });

  it('leaves a plain fence static', () => {
    expect(parseFenceMeta('')).toEqual({ run: false, localOnly: false });
    expect(parseFenceMeta(undefined)).toEqual({ run: false, localOnly: false });
  });

  it.each([
    ['run', /needs a title/],
    ['run title="count async.py"', /cannot read|file name ending in \.py/],
    ['run title="notes.txt"', /file name ending in \.py/],
    ['run title="a.py" colour=red', /unknown fence option "colour"/],
    ['run title="a.py" time-limit=0', /time-limit must be a number of seconds/],
    ['title="a.py"', /only apply to runnable fences/],
  ])('explains what is wrong with `%s`', (meta, message) => {
    expect(() => parseFenceMeta(meta)).toThrow(message);
  });
});

describe('requires', () => {
  it('names the oldest Python that runs a snippet', () => {
    expect(parseFenceMeta('run title="s.py" requires=3.13').requires).toBe('3.13');
    expect(() => parseFenceMeta('run title="s.py" requires=latest')).toThrow(/requires must be a Python version/);
  });
});
