/**
 * A reader's edits to a snippet, kept in localStorage across reloads. The key
 * holds the page, and the snippet id holds a hash of its original code, so when
 * an author changes the original, old edits are never shown against it.
 */
const PREFIX = 'snippet-edits:v1:';

export function editsKey(pathname: string, snippetId: string): string {
  return `${PREFIX}${pathname}:${snippetId}`;
}

export function loadEdits(key: string): string | undefined {
  try {
    return localStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Saves edited code, or forgets it when it is the original again. */
export function saveEdits(key: string, code: string, original: string): void {
  try {
    if (code === original) localStorage.removeItem(key);
    else localStorage.setItem(key, code);
  } catch {
    // Storage full or blocked: the edits last as long as the page.
  }
}
