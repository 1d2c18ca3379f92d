// lz-string is CommonJS: its default export is the object with the functions.
import LZString from 'lz-string';
import { decodeLzPrefix } from './lz-decode';

/**
 * Playground links carry the code in the URL hash, `#code=<lz-string>`: the format
 * the TypeScript playground uses, so links stay short and never reach a server.
 */
export const LINK_LIMITS = {
  /**
   * The most code, in UTF-16 code units, a link opens with or is written for. Compressing costs about
   * 0.7 ms per 1,000 characters (6 s for 4.5 MB), and an editor beyond this is no longer a snippet.
   */
  openChars: 100_000,
  /** The most "Open it in full" decodes. */
  fullChars: 10_000_000,
} as const;

/** The hash for a playground link to `code`; undefined when the code is too long for a link. */
export function playgroundHash(code: string): string | undefined {
  if (code.length > LINK_LIMITS.openChars) return undefined;
  return `#code=${LZString.compressToEncodedURIComponent(code)}`;
}

export interface LinkedCode {
  /** The code, or as much of it as was decoded, cut at the end of a line. */
  code: string;
  /** Whether `code` is all the link carries. */
  complete: boolean;
  /** The link's encoded code, to decode again in full. */
  encoded: string;
}

/**
 * The code in a playground hash, at most `maxChars` of it; undefined when there is none or it is
 * damaged. Decoding stops at the limit, so no link costs more than that to open.
 */
export function codeFromHash(hash: string, maxChars: number = LINK_LIMITS.openChars): LinkedCode | undefined {
  const match = /(?:^#|&)code=([^&]*)/.exec(hash);
  const encoded = match?.[1];
  if (!encoded) return undefined;
  const decoded = decodeLzPrefix(encoded, maxChars);
  if (!decoded?.text) return undefined;
  return { code: decoded.complete ? decoded.text : wholeLines(decoded.text), complete: decoded.complete, encoded };
}

/** A cut text up to its last line break; a text of one long line keeps its whole code points. */
function wholeLines(text: string): string {
  const lastBreak = text.lastIndexOf('\n');
  if (lastBreak > 0) return text.slice(0, lastBreak + 1);
  return /[\uD800-\uDBFF]$/.test(text) ? text.slice(0, -1) : text;
}
