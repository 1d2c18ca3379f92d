/**
 * A program that tries to reach what the sandbox must keep from it (the page's document, storage,
 * parent and IndexedDB), prints its origin, and fetches `robotsUrl` without and with credentials.
 * Each attempt prints "NAME -> value" or "NAME -> blocked: ErrorType". Used in every engine.
 */
export function isolationProbe(robotsUrl: string): string {
  return [
    'import asyncio, js',
    'def attempt(name, action):',
    '    try:',
    '        print(name, "->", action())',
    '    except Exception as error:',
    '        print(name, "-> blocked:", type(error).__name__)',
    'attempt("origin", lambda: js.self.location.origin)',
    'attempt("document", lambda: js.document.cookie)',
    'attempt("localStorage", lambda: js.localStorage.getItem("secret"))',
    'attempt("parent", lambda: js.parent.document.title)',
    'attempt("indexedDB", lambda: js.indexedDB.open("probe"))',
    'async def fetch(credentials):',
    '    try:',
    `        response = await js.fetch("${robotsUrl}", js.Object.fromEntries([["credentials", credentials]]))`,
    '        print("fetch", credentials, "->", response.status)',
    '    except Exception as error:',
    '        print("fetch", credentials, "-> blocked:", type(error).__name__)',
    'asyncio.run(fetch("omit"))',
    'asyncio.run(fetch("include"))',
  ].join('\n');
}
