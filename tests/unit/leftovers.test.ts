import { afterEach, describe, expect, it } from 'vitest';
import { RunLeftovers, type LeftoverScope } from '../../src/runtime/leftovers.ts';

/** A scope with real timers of its own, and the prototypes RunLeftovers watches, as a worker has them. */
function fakeScope(): LeftoverScope & Record<string, unknown> {
  class FakeWorker {
    terminate(): void {}
  }
  return {
    setTimeout: globalThis.setTimeout as unknown as LeftoverScope['setTimeout'],
    setInterval: globalThis.setInterval as unknown as LeftoverScope['setInterval'],
    clearTimeout: globalThis.clearTimeout as LeftoverScope['clearTimeout'],
    clearInterval: globalThis.clearInterval as LeftoverScope['clearInterval'],
    Worker: FakeWorker as unknown as typeof Worker,
    MessagePort: class {
      postMessage(): void {}
    },
  };
}

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

describe('RunLeftovers', () => {
  it('finds nothing after a run whose timers all fired or were cleared', async () => {
    const scope = fakeScope();
    const leftovers = new RunLeftovers(scope);
    leftovers.startRun();
    await new Promise((resolve) => scope.setTimeout(resolve, 1));
    scope.clearTimeout(scope.setTimeout(() => {}, 10_000));
    const interval = scope.setInterval(() => {}, 5);
    scope.clearInterval(interval);
    expect(leftovers.afterRun()).toEqual([]);
  });

  it('counts timers still to fire, and intervals never cleared', () => {
    const scope = fakeScope();
    const leftovers = new RunLeftovers(scope);
    leftovers.startRun();
    const timers = [
      scope.setTimeout(() => {}, 60_000),
      scope.setTimeout(() => {}, 60_000),
      scope.setInterval(() => {}, 60_000),
    ];
    cleanups.push(() => timers.forEach((id) => globalThis.clearTimeout(id)));
    expect(leftovers.afterRun()).toEqual(['3 JavaScript timers still to fire']);
    // A new run starts counting afresh (its worker is a new one).
    leftovers.startRun();
    expect(leftovers.afterRun()).toEqual([]);
  });

  it('counts the workers a run started', () => {
    const scope = fakeScope();
    const leftovers = new RunLeftovers(scope);
    leftovers.startRun();
    new scope.Worker!('data:text/javascript,');
    expect(leftovers.afterRun()).toEqual(['1 worker it started']);
  });

  it.each([
    [
      'a wrapped postMessage',
      (scope: Record<string, unknown>) =>
        ((scope['MessagePort'] as { prototype: Record<string, unknown> }).prototype['postMessage'] = () => {}),
      'MessagePort.prototype.postMessage',
    ],
    ['a new global', (scope: Record<string, unknown>) => (scope['stash'] = 1), 'stash'],
    ['a replaced timer function', (scope: Record<string, unknown>) => (scope['setTimeout'] = () => 0), 'setTimeout'],
    ['a deleted global', (scope: Record<string, unknown>) => delete scope['clearInterval'], 'clearInterval (deleted)'],
  ])('notices %s in the JavaScript the runtime relies on', (_, change, name) => {
    const scope = fakeScope();
    const leftovers = new RunLeftovers(scope);
    leftovers.startRun();
    change(scope);
    expect(leftovers.afterRun()).toEqual([`changes to the worker's JavaScript (${name})`]);
  });

  it('watches the extra objects it is given, such as the Pyodide API', () => {
    const scope = fakeScope();
    const api = { setStdout() {} };
    const leftovers = new RunLeftovers(scope, [api]);
    leftovers.startRun();
    api.setStdout = () => {};
    expect(leftovers.afterRun()).toEqual(["changes to the worker's JavaScript (pyodide.setStdout)"]);
  });
});
