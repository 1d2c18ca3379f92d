import { createHash } from 'node:crypto';

/** A CSP hash source for a script's text, e.g. "'sha256-…'": what a browser compares an inline script with. */
export function scriptHashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const HAS_SRC = /(^|\s)src\s*=/i;
const DATA_BLOCK = /(^|\s)type\s*=\s*["']?(application\/(ld\+)?json|importmap)/i;

/**
 * The text of every inline script in a page, as the browser sees it (the bytes between the tags).
 * Scripts with a src are covered by the policy's origins; JSON data blocks never run.
 */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(SCRIPT)]
    .filter(([, attributes = '']) => !HAS_SRC.test(attributes) && !DATA_BLOCK.test(attributes))
    .map(([, , text = '']) => text);
}
