/**
 * The info string of a runnable fence, after the language:
 *
 *   ```python run title="countasync.py"
 *   ```python run title="threads.py" local-only
 *   ```python run title="crawl.py" time-limit=120
 *
 *   ```python run title="shutdown.py" requires=3.13
 *
 * `run` makes the fence a live snippet; `title` (a file name ending in .py) is
 * required for it; `local-only` marks a program that needs what a browser lacks
 * (threads, sockets, aiohttp): it is shown with the command to run it locally,
 * not run in the page; `time-limit` raises the runtime's limit, in seconds;
 * `requires` names the oldest Python that runs it (the site targets 3.12; the
 * page runs 3.14), shown on the snippet and honoured by the snippet checker.
 */
export interface FenceMeta {
  run: boolean;
  title?: string;
  localOnly: boolean;
  timeLimitSeconds?: number;
  /** Oldest Python version that runs the program, "3.13". */
  requires?: string;
}

const TOKEN = /([a-z][a-z-]*)(?:=(?:"([^"]*)"|'([^']*)'|(\S+)))?/gy;
const KNOWN = new Set(['run', 'title', 'local-only', 'time-limit', 'requires']);

export function parseFenceMeta(meta: string | null | undefined): FenceMeta {
  const result: FenceMeta = { run: false, localOnly: false };
  const text = (meta ?? '').trim();
  let index = 0;
  while (index < text.length) {
    if (/\s/.test(text[index]!)) {
      index++;
      continue;
    }
    TOKEN.lastIndex = index;
    const match = TOKEN.exec(text);
    if (!match) throw new Error(`cannot read the fence options at "${text.slice(index)}"`);
    index = TOKEN.lastIndex;
    const [, key, doubleQuoted, singleQuoted, bare] = match;
    const value = doubleQuoted ?? singleQuoted ?? bare;
    if (!KNOWN.has(key!)) throw new Error(`unknown fence option "${key}" (known: ${[...KNOWN].join(', ')})`);
    if (key === 'run') result.run = true;
    if (key === 'local-only') result.localOnly = true;
    if (key === 'title') {
      if (!value || !/^[\w.-]+\.py$/.test(value)) throw new Error(`title must be a file name ending in .py, got "${value ?? ''}"`);
      result.title = value;
    }
    if (key === 'requires') {
      if (!value || !/^3\.\d{1,2}$/.test(value)) throw new Error(`requires must be a Python version such as 3.13, got "${value ?? ''}"`);
      result.requires = value;
    }
    if (key === 'time-limit') {
      const seconds = Number(value);
      if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
        throw new Error(`time-limit must be a number of seconds from 1 to 600, got "${value ?? ''}"`);
      }
      result.timeLimitSeconds = seconds;
    }
  }
  if (result.run && !result.title) throw new Error('a runnable fence needs a title, e.g. title="countasync.py"');
  if (!result.run && (result.title || result.localOnly || result.timeLimitSeconds || result.requires)) {
    throw new Error('title, local-only, time-limit and requires only apply to runnable fences (add "run")');
  }
  return result;
}
