import type { CatalogueItem } from './types.js';

/**
 * Read-back and patient-identifier comparison. Read-back is typed by a township clinician on a
 * shared PC, often with a Chinese IME: full-width letters and digits, Chinese punctuation and
 * stray spaces must not cause a false mismatch, while a different finding must.
 */
export function normaliseText(s: string): string {
  return s
    .normalize('NFKC') // full-width → half-width (Ａ１，→ A1,), compatibility forms
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\s]+/gu, '');
}

/** The forms a reader's finding may be read back as: the full zh or en name, or one of its listed alternatives. */
export function acceptedForms(item: Pick<CatalogueItem, 'zh' | 'en'>): string[] {
  const forms = new Set<string>();
  for (const name of [item.zh, item.en]) {
    forms.add(normaliseText(name));
    for (const part of name.split(/[/／、,，;；]/)) {
      const n = normaliseText(part);
      // A fragment shorter than 2 characters ("急性") is too vague to confirm a finding.
      if (n.length >= 2) forms.add(n);
    }
  }
  forms.delete('');
  return [...forms];
}

/**
 * True when the read-back names every finding of the alert, each once, in any order and nothing
 * else (after normalisation). Separators between findings are punctuation, so they vanish.
 */
export function readBackMatches(readBack: string, items: ReadonlyArray<Pick<CatalogueItem, 'zh' | 'en'>>): boolean {
  const text = normaliseText(readBack);
  if (!text || !items.length) return false;
  const forms = items.map(acceptedForms);
  const match = (rest: string, remaining: number[]): boolean => {
    if (!remaining.length) return rest.length === 0;
    for (const i of remaining) {
      for (const f of forms[i]) {
        if (rest.startsWith(f) && match(rest.slice(f.length), remaining.filter((j) => j !== i))) return true;
      }
    }
    return false;
  };
  return match(text, items.map((_, i) => i));
}

export interface PatientOnFile {
  patientId: string | null;
  name: string | null;
  nameIdeographic: string | null;
  birthDate: string | null;
}

export interface PatientConfirmation {
  patientId: string;
  name?: string;
  birthDate?: string;
}

export type PatientCheck = { ok: true; identifiers: Array<'patientId' | 'name' | 'birthDate'> } | { ok: false; mismatched: Array<'patientId' | 'name' | 'birthDate'> | ['second_identifier_missing'] };

/** DICOM PN "Zhang^San" and "ZHANG SAN" and "zhang san" compare equal; so do 张三 and 张 三. */
const normaliseName = (s: string) => normaliseText(s.replace(/\^/g, ' ').split('=')[0]);
const normaliseDate = (s: string) => s.normalize('NFKC').replace(/\D/g, '');

/**
 * Two identifiers (国卫医发〔2018〕8号 patient identification): the patient ID plus the name or the
 * birth date, each compared with the study index. Every identifier given must match.
 */
export function checkPatient(onFile: PatientOnFile, given: PatientConfirmation): PatientCheck {
  const mismatched: Array<'patientId' | 'name' | 'birthDate'> = [];
  const identifiers: Array<'patientId' | 'name' | 'birthDate'> = ['patientId'];
  if (!onFile.patientId || normaliseText(onFile.patientId) !== normaliseText(given.patientId)) mismatched.push('patientId');
  const hasName = !!given.name?.trim();
  const hasDate = !!given.birthDate?.trim();
  if (!hasName && !hasDate) return { ok: false, mismatched: ['second_identifier_missing'] };
  if (hasName) {
    const g = normaliseName(given.name!);
    const names = [onFile.name, onFile.nameIdeographic].filter((n): n is string => !!n).map(normaliseName);
    if (!names.includes(g)) mismatched.push('name');
    else identifiers.push('name');
  }
  if (hasDate) {
    if (!onFile.birthDate || normaliseDate(onFile.birthDate) !== normaliseDate(given.birthDate!)) mismatched.push('birthDate');
    else identifiers.push('birthDate');
  }
  return mismatched.length ? { ok: false, mismatched } : { ok: true, identifiers };
}
