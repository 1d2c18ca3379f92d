/**
 * The code of a playground link (lz-string's URI form) of one 8-bit `character` repeated, in which every code names the entry being made: each one stands for one character more than
 * the one before, so `codes` of them stand for about codes²/2 characters. (lz-string's compressor
 * would write it for a long run of one character, but takes minutes to.)
 */
export function repeatBomb(character: string, codes: number): string {
  const bits: number[] = [];
  const write = (value: number, width: number) => {
    for (let bit = 0; bit < width; bit += 1) bits.push((value >> bit) & 1);
  };
  write(0, 2);
  write(character.charCodeAt(0), 8);
  let width = 3;
  let roomLeft = 4;
  let next = 4;
  const grow = () => {
    roomLeft -= 1;
    if (roomLeft === 0) {
      roomLeft = 2 ** width;
      width += 1;
    }
  };
  for (let code = 0; code < codes; code += 1) {
    write(next, width);
    next += 1;
    grow();
  }
  write(2, width);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
  let encoded = '';
  for (let start = 0; start < bits.length; start += 6) {
    const six = bits.slice(start, start + 6);
    encoded += alphabet[six.reduce((value, bit, index) => value | (bit << (5 - index)), 0)];
  }
  return `${encoded}A`;
}
