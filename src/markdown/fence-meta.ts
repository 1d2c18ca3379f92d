/**
 * The info string of a runnable fence, after the language:
 *
 *   ```python run title="countasync.py"
 *   ```python run title="threads.py" local-only
 *   ```python run title="crawl.py" time-limit=120
 *
 * `run` makes the fence a live snippet; `title` (a file name ending in .py) is
 * required for it; `local-only` marks a program that needs what a browser lacks
 * (threads, sockets, aiohttp): it is shown with the command to run it locally,
 * not run in the page; `time-limit` raises the runtime's limit, in seconds.
 */
export interface FenceMeta {
  run: boolean;
  title?: string;
  localOnly: boolean;
  timeLimitSeconds?: number;
}

const TOKEN = /([a-z][a-z-]*)(?:=(?:"([^"]*)"|'([^']*)'|(\S+)))?/gy;
const KNOWN = new Set(['run', 'title', 'local-only', 'time-limit']);

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
    if (key === 'time-limit') {
      const seconds = Number(value);
      if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
        throw new Error(`time-limit must be a number of seconds from 1 to 600, got "${value ?? ''}"`);
      }
      result.timeLimitSeconds = seconds;
    }
  }
  if (result.run && !result.title) throw new Error('a runnable fence needs a title, e.g. title="countasync.py"');
  if (!result.run && (result.title || result.localOnly || result.timeLimitSeconds)) {
    throw new Error('title, local-only and time-limit only apply to runnable fences (add "run")');
  }
  return result;
}
