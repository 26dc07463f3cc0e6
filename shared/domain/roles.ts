/** The five roles of an alliance account (one per user). */
export const ROLES = ['radiologist', 'senior_radiologist', 'ecg_reader', 'township_staff', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export const READER_ROLES: readonly Role[] = ['radiologist', 'senior_radiologist', 'ecg_reader'];

export const SITE_KINDS = ['county', 'township'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export function isReader(role: Role): boolean {
  return READER_ROLES.includes(role);
}
