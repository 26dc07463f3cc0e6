import type { DicomJsonDataset, DicomJsonElement } from './dicomJson.js';

/** One row of the DICOM tag browser: always plain text (values are never interpreted as markup). */
export interface TagRow {
  /** "(0010,0010)" */
  tag: string;
  keyword: string;
  vr: string;
  value: string;
  /** nesting depth inside sequences */
  depth: number;
}

export type Dictionary = (tag: string) => string | undefined;

const MAX_VALUE_CHARS = 256;
const MAX_DEPTH = 4;

function valueText(el: DicomJsonElement): string {
  if (el.BulkDataURI) return '[bulk data]';
  if (el.InlineBinary) return `[${Math.floor((el.InlineBinary.length * 3) / 4)} bytes]`;
  const vals = el.Value ?? [];
  const parts = vals.map((v) => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    const pn = v as { Alphabetic?: string; Ideographic?: string; Phonetic?: string };
    if (el.vr === 'PN') return [pn.Alphabetic, pn.Ideographic, pn.Phonetic].filter((x) => x !== undefined).join('=');
    return JSON.stringify(v);
  });
  const s = parts.join('\\');
  return s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS)}…` : s;
}

/** Flattens a DICOM JSON dataset into rows in tag order, sequence items indented below their sequence. */
export function tagRows(ds: DicomJsonDataset, dictionary: Dictionary, depth = 0): TagRow[] {
  const rows: TagRow[] = [];
  for (const key of Object.keys(ds).sort()) {
    const el = ds[key];
    if (!el || !/^[0-9A-Fa-f]{8}$/.test(key)) continue;
    const tag = `(${key.slice(0, 4).toUpperCase()},${key.slice(4).toUpperCase()})`;
    const keyword = dictionary(tag) ?? (parseInt(key.slice(0, 4), 16) % 2 === 1 ? 'Private' : '');
    if (el.vr === 'SQ') {
      const items = (el.Value ?? []) as DicomJsonDataset[];
      rows.push({ tag, keyword, vr: 'SQ', value: `${items.length} item(s)`, depth });
      if (depth < MAX_DEPTH) items.forEach((item) => rows.push(...tagRows(item, dictionary, depth + 1)));
      continue;
    }
    rows.push({ tag, keyword, vr: el.vr, value: valueText(el), depth });
  }
  return rows;
}

/** Case-insensitive search over tag, keyword and value ("0010,0010", "patientname", "张"). */
export function filterRows(rows: readonly TagRow[], query: string): TagRow[] {
  const q = query.trim().toLowerCase().replace(/[()]/g, '');
  if (!q) return [...rows];
  return rows.filter((r) => r.tag.toLowerCase().replace(/[()]/g, '').includes(q) || r.tag.replace(/[(),]/g, '').toLowerCase().includes(q) || r.keyword.toLowerCase().includes(q) || r.value.toLowerCase().includes(q));
}
