import { EcgError, readEcgFromDicomJson, type DicomJsonDataset, type EcgRecord } from '../../../../shared/ecg/index.js';
import type { Locale } from '../../../../shared/i18n/locale.js';

/**
 * Loads the ECG of a study through the hub's DICOMweb: the study metadata names the waveform
 * instance(s) (decided by the presence of a WaveformSequence, not the SOP class); each group's
 * WaveformData comes through its BulkDataURI as multipart/related with a single part.
 */
export interface EcgSource {
  /** `http://hub/dicomweb` ('' + '/dicomweb' for the page origin). */
  root: string;
  getToken(): Promise<string>;
  fetch: typeof fetch;
}

export interface StudyPatient {
  patientId: string | null;
  /** Ideographic (汉字) when present, else the alphabetic form. */
  name: string | null;
  birthDate: string | null;
  sex: string | null;
}

export interface LoadedEcg {
  record: EcgRecord;
  sopInstanceUid: string;
  patient: StudyPatient;
  /** Other waveform objects in the study (shown as a count; the first is displayed). */
  otherWaveforms: number;
}

export type EcgLoadErrorCode = 'http' | 'unreachable' | 'no_waveform' | 'bad_multipart' | 'waveform';

/** A loading failure with a user-facing message in both languages. */
export class EcgLoadError extends Error {
  override readonly name = 'EcgLoadError';
  constructor(
    readonly code: EcgLoadErrorCode,
    readonly messages: Record<Locale, string>,
    options?: { cause?: unknown },
  ) {
    super(messages.en, options);
  }
  localized(locale: Locale): string {
    return this.messages[locale];
  }
}

const WAVEFORM_SEQUENCE = '54000100';
const WAVEFORM_DATA = '54001010';

function first(ds: DicomJsonDataset, tag: string): unknown {
  const v = ds[tag]?.Value;
  return Array.isArray(v) ? v[0] : undefined;
}

function text(ds: DicomJsonDataset, tag: string): string | null {
  const v = first(ds, tag);
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  return null;
}

function personName(ds: DicomJsonDataset): string | null {
  const v = first(ds, '00100010');
  if (v && typeof v === 'object') {
    const pn = v as { Alphabetic?: string; Ideographic?: string };
    // 刘^桂兰 → 刘桂兰 (Chinese names are written without a space); Liu^Guilan → Liu Guilan.
    if (pn.Ideographic) return pn.Ideographic.replace(/\^+/g, '').trim() || null;
    return (pn.Alphabetic ?? '').replace(/\^+/g, ' ').trim() || null;
  }
  return typeof v === 'string' ? v : null;
}

export function patientOf(ds: DicomJsonDataset): StudyPatient {
  return { patientId: text(ds, '00100020'), name: personName(ds), birthDate: text(ds, '00100030'), sex: text(ds, '00100040') };
}

export function hasWaveform(ds: DicomJsonDataset): boolean {
  const v = ds[WAVEFORM_SEQUENCE]?.Value;
  return Array.isArray(v) && v.length > 0;
}

/** The bytes of the single part of a multipart/related body (boundary taken from the Content-Type). */
export function singlePartBytes(contentType: string | null, body: Uint8Array): Uint8Array {
  const m = /boundary\s*=\s*("([^"]+)"|[^;,\s]+)/i.exec(contentType ?? '');
  if (!contentType || !/^multipart\//i.test(contentType.trim())) {
    // Some servers answer a single bulk value as plain octet-stream: take the body as it is.
    if (contentType && /application\/octet-stream/i.test(contentType)) return body;
    throw new EcgLoadError('bad_multipart', multipartMessage(`Content-Type ${contentType ?? 'missing'}`));
  }
  if (!m) throw new EcgLoadError('bad_multipart', multipartMessage('no boundary'));
  const boundary = m[2] ?? m[1];
  const enc = new TextEncoder();
  const delim = enc.encode(`--${boundary}`);
  const start = indexOf(body, delim, 0);
  if (start < 0) throw new EcgLoadError('bad_multipart', multipartMessage('boundary not found'));
  const headersEnd = indexOf(body, enc.encode('\r\n\r\n'), start + delim.length);
  if (headersEnd < 0) throw new EcgLoadError('bad_multipart', multipartMessage('part headers not terminated'));
  const dataStart = headersEnd + 4;
  const next = indexOf(body, enc.encode(`\r\n--${boundary}`), dataStart);
  if (next < 0) throw new EcgLoadError('bad_multipart', multipartMessage('closing boundary not found'));
  return body.subarray(dataStart, next);
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function multipartMessage(detail: string): Record<Locale, string> {
  return {
    'zh-CN': `波形数据的传输格式无法解析（${detail}）。请刷新后重试；若仍失败，请联系中心信息科检查服务器。`,
    en: `The waveform data arrived in a form that could not be parsed (${detail}). Reload and try again; if it still fails, ask IT to check the hub.`,
  };
}

function httpMessage(what: 'metadata' | 'bulk', status: number): Record<Locale, string> {
  if (status === 404)
    return { 'zh-CN': '找不到该检查或无权查看（404）。请从工作列表重新打开。', en: 'The study was not found or you may not view it (404). Open it again from the worklist.' };
  if (status === 401)
    return { 'zh-CN': '登录已失效（401），请重新登录后再打开。', en: 'Your sign-in has expired (401). Sign in again and reopen the study.' };
  const zh = what === 'metadata' ? '读取检查信息' : '读取波形数据';
  const en = what === 'metadata' ? 'reading the study information' : 'reading the waveform data';
  return { 'zh-CN': `${zh}失败（HTTP ${status}），请稍后重试。`, en: `The hub refused ${en} (HTTP ${status}). Try again shortly.` };
}

async function get(src: EcgSource, url: string, accept: string, what: 'metadata' | 'bulk'): Promise<Response> {
  let res: Response;
  try {
    res = await src.fetch(url, { headers: { accept, authorization: `Bearer ${await src.getToken()}` } });
  } catch (cause) {
    throw new EcgLoadError(
      'unreachable',
      { 'zh-CN': '无法连接中心服务器，请检查网络后重试。', en: 'The hub cannot be reached. Check the network and try again.' },
      { cause },
    );
  }
  if (!res.ok) throw new EcgLoadError('http', httpMessage(what, res.status));
  return res;
}

/** Resolves a BulkDataURI against the DICOMweb root (absolute URIs are used as they are). */
function resolveUri(root: string, uri: string): string {
  if (/^https?:\/\//i.test(uri)) return uri;
  if (uri.startsWith('/')) return (root.match(/^https?:\/\/[^/]+/i)?.[0] ?? '') + uri;
  return `${root.replace(/\/$/, '')}/${uri}`;
}

export async function loadStudyEcg(src: EcgSource, studyUid: string): Promise<LoadedEcg> {
  const res = await get(src, `${src.root}/studies/${encodeURIComponent(studyUid)}/metadata`, 'application/dicom+json', 'metadata');
  const instances = (await res.json()) as DicomJsonDataset[];
  const waveforms = Array.isArray(instances) ? instances.filter(hasWaveform) : [];
  if (!waveforms.length) {
    throw new EcgLoadError('no_waveform', {
      'zh-CN': '该检查中没有心电波形对象，无法显示心电图。请确认检查类型，或联系发送机构重新发送。',
      en: 'This study holds no waveform object, so no ECG can be shown. Check the exam type or ask the sending site to resend.',
    });
  }
  const ds = waveforms[0];
  const groups = (ds[WAVEFORM_SEQUENCE]?.Value ?? []) as DicomJsonDataset[];
  const waveformData = await Promise.all(
    groups.map(async (g) => {
      const uri = g[WAVEFORM_DATA]?.BulkDataURI;
      if (!uri) return null; // InlineBinary (or missing: the reader reports it)
      const r = await get(src, resolveUri(src.root, uri), 'multipart/related; type="application/octet-stream"', 'bulk');
      return singlePartBytes(r.headers.get('content-type'), new Uint8Array(await r.arrayBuffer()));
    }),
  );
  let record: EcgRecord;
  try {
    record = readEcgFromDicomJson(ds, { waveformData });
  } catch (err) {
    if (err instanceof EcgError) throw new EcgLoadError('waveform', { 'zh-CN': err.localized('zh-CN'), en: err.localized('en') }, { cause: err });
    throw err;
  }
  return { record, sopInstanceUid: text(ds, '00080018') ?? '', patient: patientOf(ds), otherWaveforms: waveforms.length - 1 };
}
