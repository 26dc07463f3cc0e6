/**
 * 科室/床号 as the register, the alert and the report panel print it: "内科 / 12床", either part alone,
 * or '' when the exam request gave neither (both are optional). A bare number is a bed number.
 */
export function wardLocation(p: { department?: string | null; bed?: string | null }): string {
  const bed = (p.bed ?? '').trim();
  return [(p.department ?? '').trim(), /^\d+$/.test(bed) ? `${bed}床` : bed].filter(Boolean).join(' / ');
}
