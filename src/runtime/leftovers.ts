/**
 * What a run leaves behind in the worker's JavaScript that the next run would inherit: timers still
 * to fire, workers it started, and changes to the JavaScript the runtime itself relies on. A run that
 * leaves any of these makes the worker dirty, and the page replaces it before the next run (see
 * client.ts): a `js.setTimeout(create_proxy(busy), 200)` would otherwise keep a core busy and land in
 * an innocent later run, and a wrapped `MessagePort.prototype.postMessage` would speak for every later
 * run. Python's own state is put back by the harness (python/walkthrough_runner.py); what it cannot
 * put back, a Python that exited (`os._exit`), the worker checks itself.
 */

type TimerFunction = (handler: TimerHandler, timeout?: number, ...args: unknown[]) => number;

/** The scope the leftovers are counted in: a worker's global scope, or a stand-in in tests. */
export interface LeftoverScope {
  setTimeout: TimerFunction;
  setInterval: TimerFunction;
  clearTimeout(id?: number): void;
  clearInterval(id?: number): void;
  Worker?: typeof Worker;
}

/** The JavaScript the runtime relies on, watched for changes: the global scope and these prototypes. */
const WATCHED_PROTOTYPES = [
  'MessagePort',
  'EventTarget',
  'Worker',
  'Function',
  'Object',
  'Array',
  'Promise',
  'Response',
  'Request',
  'Headers',
  'ReadableStream',
  'TextDecoder',
  'TextEncoder',
  'Uint8Array',
] as const;

type Snapshot = Map<object, Map<PropertyKey, unknown>>;

function describe(target: object): Map<PropertyKey, unknown> {
  const properties = new Map<PropertyKey, unknown>();
  for (const key of Reflect.ownKeys(target)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
    properties.set(key, descriptor && ('value' in descriptor ? descriptor.value : [descriptor.get, descriptor.set]));
  }
  return properties;
}

function same(before: unknown, after: unknown): boolean {
  if (Array.isArray(before) && Array.isArray(after)) return before[0] === after[0] && before[1] === after[1];
  return Object.is(before, after);
}

export class RunLeftovers {
  private readonly pendingTimers = new Set<number>();
  private workersStarted = 0;
  private readonly watched: object[];
  private readonly baseline: Snapshot;
  private readonly scope: LeftoverScope & object;

  /**
   * Wraps the scope's timers and Worker to count what runs start, and remembers what the watched
   * JavaScript is now. Call it once the runtime has loaded, before any program runs; `extra` are more
   * objects to watch (the Pyodide API, which `import pyodide_js` reaches).
   */
  constructor(scope: LeftoverScope & object, extra: object[] = []) {
    this.scope = scope;
    this.wrapTimers();
    this.wrapWorker();
    const global = scope as unknown as Record<string, { prototype?: object } | undefined>;
    this.watched = [
      scope,
      ...WATCHED_PROTOTYPES.map((name) => global[name]?.prototype).filter((prototype) => prototype !== undefined),
      ...extra,
    ];
    this.baseline = new Map(this.watched.map((target) => [target, describe(target)]));
  }

  /** Forgets what earlier runs left (their worker was replaced, or they left nothing). */
  startRun(): void {
    this.pendingTimers.clear();
    this.workersStarted = 0;
  }

  /** What this run left behind, in words for the reader; empty when nothing. */
  afterRun(): string[] {
    const found: string[] = [];
    const timers = this.pendingTimers.size;
    if (timers > 0) found.push(`${timers} JavaScript timer${timers === 1 ? '' : 's'} still to fire`);
    if (this.workersStarted > 0)
      found.push(`${this.workersStarted} worker${this.workersStarted === 1 ? '' : 's'} it started`);
    const changed = this.changedNames();
    if (changed.length > 0)
      found.push(
        `changes to the worker's JavaScript (${changed.slice(0, 3).join(', ')}${changed.length > 3 ? '…' : ''})`,
      );
    return found;
  }

  private changedNames(): string[] {
    const changed: string[] = [];
    for (const target of this.watched) {
      const before = this.baseline.get(target)!;
      const after = describe(target);
      const owner = target === this.scope ? '' : `${this.ownerName(target)}.`;
      for (const [key, value] of after) {
        if (!before.has(key) || !same(before.get(key), value)) changed.push(`${owner}${String(key)}`);
      }
      for (const key of before.keys()) if (!after.has(key)) changed.push(`${owner}${String(key)} (deleted)`);
    }
    return changed;
  }

  private ownerName(target: object): string {
    const constructor = (target as { constructor?: { name?: unknown; prototype?: unknown } }).constructor;
    return typeof constructor?.name === 'string' && constructor.prototype === target
      ? `${constructor.name}.prototype`
      : 'pyodide';
  }

  private wrapTimers(): void {
    const scope = this.scope;
    const pending = this.pendingTimers;
    const {
      setTimeout: originalTimeout,
      setInterval: originalInterval,
      clearTimeout: originalClear,
      clearInterval: originalClearInterval,
    } = scope;
    scope.setTimeout = (handler, timeout, ...args) => {
      const id = originalTimeout.call(
        scope,
        (...callArgs: unknown[]) => {
          pending.delete(id);
          if (typeof handler === 'function') handler(...callArgs);
        },
        timeout,
        ...args,
      );
      if (typeof handler === 'function') pending.add(id);
      return id;
    };
    // An interval never ends by itself: pending until cleared.
    scope.setInterval = (handler, timeout, ...args) => {
      const id = originalInterval.call(scope, handler, timeout, ...args);
      pending.add(id);
      return id;
    };
    scope.clearTimeout = (id) => {
      if (id !== undefined) pending.delete(id);
      originalClear.call(scope, id);
    };
    scope.clearInterval = (id) => {
      if (id !== undefined) pending.delete(id);
      originalClearInterval.call(scope, id);
    };
  }

  private wrapWorker(): void {
    const OriginalWorker = this.scope.Worker;
    if (!OriginalWorker) return;
    const leftovers = this;
    this.scope.Worker = class extends OriginalWorker {
      constructor(...args: ConstructorParameters<typeof Worker>) {
        super(...args);
        leftovers.workersStarted++;
      }
    };
  }
}
