/**
 * The order to fetch the slices of a stack: the one on screen first, then outward from `center`
 * (middle-out for CT, so the anatomy a reader scrolls to first is there, and a volume fills evenly).
 */
export function middleOutOrder(count: number, center = Math.floor((count - 1) / 2), first?: number): number[] {
  if (count <= 0) return [];
  const c = Math.min(Math.max(0, Math.round(center)), count - 1);
  const out: number[] = [];
  if (first !== undefined && first >= 0 && first < count) out.push(first);
  for (let d = 0; out.length < count && d < count; d++) {
    for (const i of d === 0 ? [c] : [c + d, c - d]) {
      if (i >= 0 && i < count && i !== first) out.push(i);
    }
  }
  return out;
}

/** Re-orders what is still pending around a new focus (the slice the reader scrolled to). */
export function reprioritise(pending: readonly number[], focus: number): number[] {
  return [...pending].sort((a, b) => Math.abs(a - focus) - Math.abs(b - focus) || b - a);
}
