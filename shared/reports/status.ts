/**
 * Report states and what each signed state means in DICOM (PS3.3 C.17.2, DOMAIN.md §3.2).
 * Pure: used by the hub (SR flags, transitions) and by the client (labels, buttons).
 */
export const REPORT_STATUSES = ['draft', 'preliminary', 'final', 'amended'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const SIGNED_STATUSES = ['preliminary', 'final', 'amended'] as const;
export type SignedStatus = (typeof SIGNED_STATUSES)[number];

export const REPORT_LANGUAGES = ['zh-CN', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

export interface SrFlags {
  completion: 'COMPLETE';
  verification: 'UNVERIFIED' | 'VERIFIED';
  preliminary: 'PRELIMINARY' | 'FINAL';
}

/**
 * Flags of the SR written for a signed version (DOMAIN.md §3.2, PS3.3 C.17.2). A signed preliminary
 * report is complete in content but not yet verified: COMPLETE/UNVERIFIED/PRELIMINARY (the verifier
 * may still change it, which makes a new instance); final and amended ones are COMPLETE/VERIFIED/FINAL.
 * Drafts are never written as SR.
 */
export function srFlags(status: SignedStatus): SrFlags {
  return status === 'preliminary'
    ? { completion: 'COMPLETE', verification: 'UNVERIFIED', preliminary: 'PRELIMINARY' }
    : { completion: 'COMPLETE', verification: 'VERIFIED', preliminary: 'FINAL' };
}

/** Township staff see signed reports only; drafts stay with the readers. */
export const isSigned = (s: ReportStatus): s is SignedStatus => s !== 'draft';

/** A report a verifier may still finalise. */
export const awaitsVerification = (s: ReportStatus) => s === 'preliminary';

/** Final or amended: changes only by amendment (a new version with a reason). */
export const isFinalised = (s: ReportStatus) => s === 'final' || s === 'amended';

export const STATUS_LABELS: Record<ReportStatus, { 'zh-CN': string; en: string }> = {
  draft: { 'zh-CN': '草稿', en: 'Draft' },
  preliminary: { 'zh-CN': '初步报告（待审核）', en: 'Preliminary (awaiting verification)' },
  final: { 'zh-CN': '已审核发布', en: 'Final' },
  amended: { 'zh-CN': '已修订', en: 'Amended' },
};
