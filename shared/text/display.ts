/**
 * Untrusted text for display (DICOM names and descriptions, exam requests from a township upload).
 *
 * Unicode bidirectional formatting characters — the embeddings and overrides U+202A–U+202E, the
 * isolates U+2066–U+2069, the marks U+200E/U+200F and U+061C — make text show in an order other
 * than the one stored: "\u202Efdp.exe" displays as "exe.pdf", a patient name can seem to be another.
 * They carry no meaning in a patient name or a study description, so they are removed for display
 * (the stored value is untouched). Right-to-left letters themselves still show right to left.
 * Other invisible controls (C0/C1 except tab and line breaks) are removed too.
 */
export const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const OTHER_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** The text as it may be shown: without bidi formatting or other invisible control characters. */
export function displayText(text: string | null | undefined): string {
  if (!text) return '';
  return text.replace(BIDI_CONTROLS, '').replace(OTHER_CONTROLS, '');
}

/** A shallow copy of `record` with every string value passed through displayText (other values kept). */
export function displayFields<T extends object>(record: T): T {
  const out = { ...record } as Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) if (typeof v === 'string') out[k] = displayText(v);
  return out as T;
}

/**
 * A DICOM person name (PN, one component group) for display or print: Chinese names without the
 * component caret (刘^桂兰 → 刘桂兰), Latin ones with a space (Wang^Lei → Wang Lei); only the first
 * component group when several are given (a=b=c); untrusted characters removed as by displayText.
 */
export function displayPersonName(pn: string | null | undefined): string {
  const group = displayText(pn).split('=')[0];
  return (/[\u3400-\u9fff]/.test(group) ? group.replace(/\^+/g, '') : group.replace(/\^+/g, ' ')).replace(/\s+/g, ' ').trim();
}
