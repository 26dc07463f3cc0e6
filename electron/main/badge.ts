/**
 * The Windows taskbar overlay badge: a red disc with the count in white (1–9, then "9+"), drawn
 * here as a raw BGRA bitmap for `nativeImage.createFromBitmap`, so no image files per number and
 * no canvas are needed. 32 × 32 pixels at scale factor 2 (Windows shows overlays at 16 × 16 DIP).
 */
export const BADGE_SIZE = 32;

// 3 × 5 pixel digits, one string per row, '#' = ink.
const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '###', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '.#.', '.#.', '.#.'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
  '+': ['...', '.#.', '###', '.#.', '...'],
};

export function badgeText(count: number): string {
  return count > 9 ? '9+' : String(count);
}

/** BGRA pixels of the badge, or null for 0 (the overlay is then removed). */
export function badgeBitmap(count: number): Buffer | null {
  if (!Number.isInteger(count) || count <= 0) return null;
  const size = BADGE_SIZE;
  const pixels = Buffer.alloc(size * size * 4); // transparent
  const set = (x: number, y: number, [b, g, r, a]: readonly number[]) => {
    const at = (y * size + x) * 4;
    pixels[at] = b;
    pixels[at + 1] = g;
    pixels[at + 2] = r;
    pixels[at + 3] = a;
  };
  const RED = [0x26, 0x1f, 0xd3, 0xff]; // #d31f26
  const WHITE = [0xff, 0xff, 0xff, 0xff];
  const centre = (size - 1) / 2;
  const radius = size / 2 - 0.5;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) if ((x - centre) ** 2 + (y - centre) ** 2 <= radius ** 2) set(x, y, RED);
  }
  const text = badgeText(count);
  const scale = text.length === 1 ? 4 : 3;
  const glyphW = 3 * scale;
  const gap = scale;
  const width = text.length * glyphW + (text.length - 1) * gap;
  const left = Math.round((size - width) / 2);
  const top = Math.round((size - 5 * scale) / 2);
  [...text].forEach((char, index) => {
    const glyph = GLYPHS[char];
    glyph.forEach((row, gy) => {
      [...row].forEach((cell, gx) => {
        if (cell !== '#') return;
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) set(left + index * (glyphW + gap) + gx * scale + dx, top + gy * scale + dy, WHITE);
        }
      });
    });
  });
  return pixels;
}
