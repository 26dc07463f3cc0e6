import type { CodedConcept, LeadName } from './types.js';

/**
 * Lead code numbers shared by MDC (`2:N`), legacy SCP-ECG (`5.6.3-9-N`) and ISO/IEEE 11073
 * (`131072 + N`), DICOM CID 3001 / DOMAIN.md §4.2.
 */
const LEAD_BY_NUMBER: Record<number, LeadName> = {
  1: 'I',
  2: 'II',
  3: 'V1',
  4: 'V2',
  5: 'V3',
  6: 'V4',
  7: 'V5',
  8: 'V6',
  61: 'III',
  62: 'aVR',
  63: 'aVL',
  64: 'aVF',
};

const TEXT_LEADS: Record<string, LeadName> = {
  i: 'I',
  ii: 'II',
  iii: 'III',
  avr: 'aVR',
  avl: 'aVL',
  avf: 'aVF',
  v1: 'V1',
  v2: 'V2',
  v3: 'V3',
  v4: 'V4',
  v5: 'V5',
  v6: 'V6',
};

/** The lead code number from a CodeValue in MDC, SCP-ECG or 11073 numeric form, else null. */
export function leadNumberFromCode(codeValue: string): number | null {
  const v = codeValue.trim();
  let m = /^2:(\d+)$/.exec(v);
  if (m) return Number(m[1]);
  m = /^5\.6\.3-9-(\d+)$/.exec(v);
  if (m) return Number(m[1]);
  if (/^\d{6}$/.test(v)) {
    const n = Number(v) - 131072;
    if (n > 0 && n < 256) return n;
  }
  return null;
}

/**
 * A canonical lead from free text: "Lead I", "Lead I (Einthoven)", "II", "aVR", "Lead V1", "V1".
 * Case-insensitive; anything else (V3R, "-aVR", pressures) gives null.
 */
export function leadFromText(text: string): LeadName | null {
  const t = text
    .trim()
    .replace(/\(.*\)$/, '')
    .trim()
    .replace(/^lead\s+/i, '')
    .replace(/^导联\s*/, '')
    .replace(/\s*导联$/, '')
    .trim()
    .toLowerCase();
  return TEXT_LEADS[t] ?? null;
}

/** The canonical lead for a channel: coded source first (MDC/SCP-ECG/11073), then its meaning, then the label. */
export function leadFromChannelSource(source: CodedConcept | null, channelLabel: string | null): LeadName | null {
  if (source) {
    const n = leadNumberFromCode(source.codeValue);
    if (n !== null) return LEAD_BY_NUMBER[n] ?? null;
    const byMeaning = leadFromText(source.codeMeaning);
    if (byMeaning) return byMeaning;
  }
  return channelLabel ? leadFromText(channelLabel) : null;
}
