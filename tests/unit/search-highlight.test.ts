import { describe, expect, it } from 'vitest';
import { excerptParts, holdsQueryWord, termRanges } from '../../src/components/search/highlight.ts';

const marked = (text: string, terms: string[]) => termRanges(text, terms).map(([start, end]) => text.slice(start, end));

describe('excerptParts', () => {
  it('splits an excerpt into plain and marked text', () => {
    expect(excerptParts('a coroutine was <mark>never</mark> <mark>awaited.</mark> Fix it')).toEqual([
      { text: 'a coroutine was ', marked: false },
      { text: 'never', marked: true },
      { text: ' ', marked: false },
      { text: 'awaited.', marked: true },
      { text: ' Fix it', marked: false },
    ]);
  });

  it('turns the escapes Pagefind writes back into characters, and reads no other markup', () => {
    expect(excerptParts('&lt;coroutine object&gt; <b>x</b> if a &lt; <mark>b</mark>')).toEqual([
      { text: '<coroutine object> <b>x</b> if a < ', marked: false },
      { text: 'b', marked: true },
    ]);
  });

  it('gives nothing for an empty excerpt', () => {
    expect(excerptParts('')).toEqual([]);
  });
});

describe('termRanges', () => {
  it('marks whole words that a term begins, whatever their case', () => {
    expect(marked('Producers and a producer feed the consumers.', ['producer', 'CONSUMER'])).toEqual([
      'Producers',
      'producer',
      'consumers',
    ]);
  });

  it('matches the forms Pagefind matches: "awaited" finds "await" and "awaiting"', () => {
    expect(marked('never awaited; await it, or keep awaiting', ['never', 'awaited'])).toEqual([
      'never',
      'awaited',
      'await',
      'awaiting',
    ]);
  });

  it('reads a term with punctuation as its words, and keeps underscores inside words', () => {
    expect(
      marked('async with asyncio.TaskGroup() as tg: tg.create_task(main())', ['asyncio.taskgroup', 'create_task']),
    ).toEqual(['asyncio', 'TaskGroup', 'create_task']);
  });

  it('needs a short term to be the whole word', () => {
    expect(marked('tg.create_task(tgt) in a tg', ['tg'])).toEqual(['tg', 'tg']);
  });

  it('gives no ranges without terms', () => {
    expect(termRanges('anything at all', [])).toEqual([]);
    expect(termRanges('anything at all', ['  ', '!'])).toEqual([]);
  });

  it('gives offsets into the text', () => {
    expect(termRanges('one queue, two queues', ['queues'])).toEqual([
      [4, 9],
      [15, 21],
    ]);
  });
});

describe('holdsQueryWord', () => {
  it.each([
    ['b). -await <mark>x</mark> means -(await <mark>x),</mark>', [], 'xyzzy', false],
    ['Debug mode (debug=True, <mark>-</mark>X dev)', ['Debug mode'], 'xyzzy', false],
    ['long it may take is the <mark>asyncio.timeout()</mark> async context manager', [], 'asyncio.timeout', true],
    ['except <mark>TimeoutError:</mark> print', [], 'timeout', true],
    ['a task that was <mark>cancelled</mark> raises', [], 'cancel', true],
    ['call <mark>cancel()</mark> on it', [], 'cancelled', true],
    ['a <mark>TaskGroup</mark> waits', [], 'taskgroup', true],
    ['import anyio async def announce(platform, delay):', ['anyio_taskgroup.py', 'anyio'], 'TaskGroup', true],
    ['no marks at all', ['Gathering'], 'queue', false],
  ])('%s %j, for "%s": %s', (excerpt, names, query, holds) => {
    expect(holdsQueryWord(excerpt, names, query)).toBe(holds);
  });
});
