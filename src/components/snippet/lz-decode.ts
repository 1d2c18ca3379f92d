/**
 * Decodes lz-string's URI-safe form (what `compressToEncodedURIComponent` writes) and stops once
 * the text reaches a length. lz-string's own decoder cannot stop: an 18 KB link can stand for
 * millions of characters (each code may repeat all that came before), and it builds all of them
 * before it returns. This decoder's work grows with what it keeps, never with what a link claims.
 *
 * The format, LZW over UTF-16 code units: bits are read low bit first, six to a character of the
 * alphabet below. Codes 0 and 1 bring a new 8- or 16-bit character into the dictionary, code 2 ends
 * the text; every other code names an entry. The width of a code grows by one bit each time the
 * dictionary outgrows it.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const SIX_BITS: ReadonlyMap<string, number> = new Map([...ALPHABET].map((char, index) => [char, index]));

const NEW_BYTE = 0;
const NEW_UNIT = 1;
const END = 2;

export interface DecodedPrefix {
  /** The text, or its first `maxChars` code units. */
  text: string;
  /** Whether `text` is all of it. */
  complete: boolean;
}

class BitReader {
  private index = 0;
  private value = 0;
  private mask = 0;
  private readonly encoded: string;

  constructor(encoded: string) {
    this.encoded = encoded;
  }

  /** Whether every bit of the input has been read (before a code, lz-string takes that as damage). */
  get exhausted(): boolean {
    const loaded = this.encoded.length;
    return this.index > loaded || (this.index === loaded && this.mask === 0);
  }

  read(width: number): number {
    let bits = 0;
    for (let bit = 0; bit < width; bit += 1) {
      if (this.mask === 0) {
        // A character outside the alphabet counts as zero bits, as lz-string reads it.
        this.value = SIX_BITS.get(this.encoded.charAt(this.index)) ?? 0;
        this.index += 1;
        this.mask = 32;
      }
      if (this.value & this.mask) bits |= 1 << bit;
      this.mask >>= 1;
    }
    return bits;
  }
}

/**
 * The text an lz-string URI component stands for, cut at `maxChars` code units; undefined for input
 * that is not such a component (lz-string's decoder gives null or an empty string for it).
 */
export function decodeLzPrefix(encoded: string, maxChars: number): DecodedPrefix | undefined {
  if (encoded === '') return undefined;
  // A `+` that travelled through a form or a query string comes back as a space.
  const reader = new BitReader(encoded.replaceAll(' ', '+'));
  const dictionary: string[] = [];
  let width = 2;
  // How many more entries fit before codes need another bit.
  let roomLeft = 4;
  const grow = (): void => {
    roomLeft -= 1;
    if (roomLeft === 0) {
      roomLeft = 2 ** width;
      width += 1;
    }
  };
  const newCharacter = (kind: number): string | undefined => {
    if (kind === NEW_BYTE) return String.fromCharCode(reader.read(8));
    if (kind === NEW_UNIT) return String.fromCharCode(reader.read(16));
    return undefined;
  };

  const first = newCharacter(reader.read(2));
  if (first === undefined) return undefined;
  dictionary[3] = first;
  width = 3;
  const parts = [first];
  let length = first.length;
  let previous = first;
  while (length < maxChars) {
    if (reader.exhausted) return undefined;
    let code = reader.read(width);
    if (code === END) return { text: parts.join(''), complete: true };
    const added = newCharacter(code);
    if (added !== undefined) {
      code = dictionary.length;
      dictionary.push(added);
      grow();
    }
    let entry = dictionary[code];
    if (entry === undefined) {
      // The one code that may name an entry not made yet: the one this step makes.
      if (code !== dictionary.length) return undefined;
      entry = previous + previous.charAt(0);
    }
    parts.push(entry);
    length += entry.length;
    dictionary.push(previous + entry.charAt(0));
    grow();
    previous = entry;
  }
  return { text: parts.join('').slice(0, maxChars), complete: false };
}
