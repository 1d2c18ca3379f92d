/**
 * Characters a program can print that show nothing, or that change how the text around them is
 * shown: bidirectional controls (U+202E turns the rest of a line around, so `gnp.exe` can read as
 * `exe.png`), zero-width spaces and the C0/C1 controls but tab, newline and carriage return. The
 * editor marks them (CodeMirror's highlightSpecialChars); the output and the timeline mark them too.
 */
const INVISIBLE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

const NAMES: Readonly<Record<string, string>> = {
  '\u061c': 'ARABIC LETTER MARK',
  '\u200b': 'ZERO WIDTH SPACE',
  '\u200e': 'LEFT-TO-RIGHT MARK',
  '\u200f': 'RIGHT-TO-LEFT MARK',
  '\u202a': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202b': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202c': 'POP DIRECTIONAL FORMATTING',
  '\u202d': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202e': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
  '\ufeff': 'ZERO WIDTH NO-BREAK SPACE',
};

export interface InvisibleCharacter {
  /** The character itself. */
  character: string;
  /** Its code point, as "U+202E". */
  codePoint: string;
  /** What it is, for a tooltip: "U+202E RIGHT-TO-LEFT OVERRIDE". */
  description: string;
}

function describe(character: string): InvisibleCharacter {
  const codePoint = `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return { character, codePoint, description: `${codePoint} ${NAMES[character] ?? 'CONTROL CHARACTER'}` };
}

/** The text in runs of plain text and the invisible characters between them, in order. */
export function splitInvisible(text: string): Array<string | InvisibleCharacter> {
  const parts: Array<string | InvisibleCharacter> = [];
  let start = 0;
  for (const match of text.matchAll(INVISIBLE)) {
    if (match.index > start) parts.push(text.slice(start, match.index));
    parts.push(describe(match[0]));
    start = match.index + 1;
  }
  if (start < text.length) parts.push(text.slice(start));
  return parts;
}

/** The text with each invisible character written as its code point in brackets: for labels. */
export function withInvisibleShown(text: string): string {
  return text.replace(INVISIBLE, (character) => `⟨${describe(character).codePoint}⟩`);
}
