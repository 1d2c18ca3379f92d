// lz-string is CommonJS: its default export is the object with the functions.
import LZString from 'lz-string';

/**
 * Playground links carry the code in the URL hash, `#code=<lz-string>`: the format
 * the TypeScript playground uses, so links stay short and never reach a server.
 */
export function playgroundHash(code: string): string {
  return `#code=${LZString.compressToEncodedURIComponent(code)}`;
}

/** The code in a playground hash, or undefined when there is none or it is damaged. */
export function codeFromHash(hash: string): string | undefined {
  const match = /(?:^#|&)code=([^&]*)/.exec(hash);
  if (!match?.[1]) return undefined;
  const code = LZString.decompressFromEncodedURIComponent(match[1]);
  return code ? code : undefined;
}
