import { describe, expect, it } from 'vitest';
import { BADGE_SIZE, badgeBitmap, badgeText } from './badge.js';

const pixel = (bitmap: Buffer, x: number, y: number) => {
  const at = (y * BADGE_SIZE + x) * 4;
  return { b: bitmap[at], g: bitmap[at + 1], r: bitmap[at + 2], a: bitmap[at + 3] };
};
const whitePixels = (bitmap: Buffer) => {
  let count = 0;
  for (let i = 0; i < bitmap.length; i += 4) if (bitmap[i] === 255 && bitmap[i + 1] === 255 && bitmap[i + 2] === 255) count++;
  return count;
};

describe('overlay badge bitmap', () => {
  it('is absent for zero, a red disc with white digits otherwise, transparent in the corners', () => {
    expect(badgeBitmap(0)).toBeNull();
    const three = badgeBitmap(3)!;
    expect(three.length).toBe(BADGE_SIZE * BADGE_SIZE * 4);
    expect(pixel(three, 0, 0).a).toBe(0);
    expect(pixel(three, BADGE_SIZE - 1, BADGE_SIZE - 1).a).toBe(0);
    expect(pixel(three, 2, 16)).toEqual({ b: 0x26, g: 0x1f, r: 0xd3, a: 255 });
    expect(whitePixels(three)).toBeGreaterThan(0);
  });
  it('draws each count differently and caps at "9+"', () => {
    const images = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => badgeBitmap(n)!.toString('base64'));
    expect(new Set(images).size).toBe(9);
    expect(badgeText(10)).toBe('9+');
    expect(badgeBitmap(10)!.equals(badgeBitmap(250)!)).toBe(true);
    expect(badgeBitmap(10)!.equals(badgeBitmap(9)!)).toBe(false);
  });
  it('"8" has more ink than "1"', () => {
    expect(whitePixels(badgeBitmap(8)!)).toBeGreaterThan(whitePixels(badgeBitmap(1)!));
  });
});
