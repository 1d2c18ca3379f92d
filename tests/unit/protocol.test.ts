import { describe, expect, it } from 'vitest';
import { isFromWorker } from '../../src/runtime/protocol.ts';

describe('isFromWorker', () => {
  it('accepts the worker’s message types', () => {
    expect(isFromWorker({ type: 'done', id: 1, status: 'ok', exitCode: 0, durationMs: 3 })).toBe(true);
    expect(isFromWorker({ type: 'ready', version: '3.14', loadMs: 1 })).toBe(true);
    expect(
      isFromWorker({
        type: 'timeline',
        id: 1,
        timeline: { durationMs: 0, tasks: [], droppedTasks: 0, droppedSlices: 0 },
      }),
    ).toBe(true);
  });

  it('rejects anything else a frame might post', () => {
    for (const value of [null, undefined, 'done', 42, {}, { type: 'run' }, { type: 'sandbox-ready' }]) {
      expect(isFromWorker(value)).toBe(false);
    }
  });
});
