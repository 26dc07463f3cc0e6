import { describe, expect, it } from 'vitest';
import { middleOutOrder, reprioritise } from './loadOrder.js';

describe('middle-out load order', () => {
  it('starts at the shown slice, then spreads out from the middle, each slice once', () => {
    expect(middleOutOrder(7, undefined, 0)).toEqual([0, 3, 4, 2, 5, 1, 6]);
    expect(middleOutOrder(5)).toEqual([2, 3, 1, 4, 0]);
    const big = middleOutOrder(134, undefined, 0);
    expect(big).toHaveLength(134);
    expect(new Set(big).size).toBe(134);
    expect(big.slice(0, 3)).toEqual([0, 66, 67]);
  });

  it('handles the edges: empty, one image, a centre outside the stack', () => {
    expect(middleOutOrder(0)).toEqual([]);
    expect(middleOutOrder(1, undefined, 0)).toEqual([0]);
    expect(middleOutOrder(3, 99)).toEqual([2, 1, 0]);
  });

  it('re-focuses pending slices around where the reader scrolled', () => {
    expect(reprioritise([60, 70, 10, 12, 100], 11)).toEqual([12, 10, 60, 70, 100]);
  });
});
