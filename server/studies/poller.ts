import type { Hub } from '../hub.js';

/** What polling needs from the hub. */
export type PollHub = Pick<Hub, 'db' | 'store' | 'studyEvents'>;
import { SERIES_LEVEL_TAGS, STUDY_LEVEL_TAGS, TAG } from '../dicomweb/dicom/codes.js';
import { jsonNumber, jsonString, pick, type DicomJson } from '../dicomweb/dicom/json.js';
import { findStudy, studyColumns } from './index.js';
import { attribute, listSiteRules } from './rules.js';

const STATE_KEY = 'dicomweb.poller';
const PAGE = 200;
/** Days before the last poll that a later poll looks back (late-arriving studies of recent days). */
const LOOKBACK_DAYS = 2;

export interface PollResult {
  discovered: number;
  updated: number;
  unassigned: number;
}

const yyyymmdd = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '');

const STUDY_FIELDS = [TAG.InstitutionName, TAG.IssuerOfPatientID, TAG.StudyDescription, TAG.ModalitiesInStudy, TAG.NumberOfStudyRelatedSeries, TAG.NumberOfStudyRelatedInstances, TAG.PatientSex, TAG.PatientBirthDate];

/**
 * One poll of the upstream PACS: new studies are indexed (attributed to a site by the rules, or
 * left unassigned) and announced; known studies with more instances than indexed are updated and
 * announced. `full` sweeps every study (first run, or to catch undated studies); otherwise only
 * studies dated from a few days before the last poll. Safe to run from several hubs at once: a
 * study is inserted once (ON CONFLICT) and only the hub that inserted it emits the event.
 */
export async function pollUpstream(hub: PollHub, opts: { full?: boolean; now?: Date } = {}): Promise<PollResult> {
  const store = hub.store;
  if (store.kind !== 'upstream') throw new Error('polling needs an upstream PACS (PACS_DICOMWEB_URL)');
  const state = (await hub.db.query<{ value: { lastPoll?: string } }>('SELECT value FROM settings WHERE key = $1', [STATE_KEY]))[0]?.value ?? {};
  const now = opts.now ?? new Date();
  let dateFilter = '';
  if (!opts.full && state.lastPoll) {
    const from = new Date(Date.parse(state.lastPoll) - LOOKBACK_DAYS * 86_400_000);
    dateFilter = `&StudyDate=${yyyymmdd(from)}-`;
  }
  const rules = await listSiteRules(hub.db);
  const result: PollResult = { discovered: 0, updated: 0, unassigned: 0 };
  const include = STUDY_FIELDS.map((t) => `includefield=${t}`).join('&');
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.client.json<DicomJson[]>(`/studies?${include}${dateFilter}&limit=${PAGE}&offset=${offset}`);
    for (const s of page) await pollStudy(hub, s, rules, result);
    if (page.length < PAGE) break;
  }
  await hub.db.query(
    `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, now()) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [STATE_KEY, JSON.stringify({ lastPoll: now.toISOString() })],
  );
  return result;
}

async function pollStudy(hub: PollHub, s: DicomJson, rules: Awaited<ReturnType<typeof listSiteRules>>, result: PollResult) {
  if (hub.store.kind !== 'upstream') return;
  const studyUid = jsonString(s, TAG.StudyInstanceUID);
  if (!studyUid) return;
  const upstreamCount = jsonNumber(s, TAG.NumberOfStudyRelatedInstances) ?? 0;
  const known = await findStudy(hub.db, studyUid);
  if (known && known.num_instances >= upstreamCount) return;
  const series = await hub.store.client.json<DicomJson[]>(`/studies/${studyUid}/series?includefield=${TAG.StationName}&includefield=${TAG.InstitutionName}`);
  const modalities = [...new Set(series.map((x) => jsonString(x, TAG.Modality)).filter((m): m is string => !!m))].sort();
  if (known) {
    await hub.db.query('UPDATE studies SET num_instances = $2, num_series = $3, modalities = $4, updated_at = now() WHERE study_instance_uid = $1', [
      studyUid,
      upstreamCount,
      series.length,
      modalities,
    ]);
    await insertSeries(hub, studyUid, series);
    result.updated++;
    await hub.studyEvents.emit({ type: 'study.stored', studyUid, siteId: known.site_id, source: 'upstream', newInstances: upstreamCount - known.num_instances, newStudy: false });
    return;
  }
  const siteId = attribute(rules, {
    InstitutionName: [jsonString(s, TAG.InstitutionName), ...series.map((x) => jsonString(x, TAG.InstitutionName))],
    StationName: series.map((x) => jsonString(x, TAG.StationName)),
    IssuerOfPatientID: [jsonString(s, TAG.IssuerOfPatientID)],
  });
  const inserted = await hub.db.query(
    `INSERT INTO studies (study_instance_uid, site_id, patient_id, patient_name, patient_name_ideographic, patient_sex, patient_birth_date,
       study_date, study_time, accession_number, study_description, institution_name, station_name, issuer_of_patient_id, source, attrs,
       modalities, num_series, num_instances)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,'upstream',$15,$16,$17,$18)
     ON CONFLICT (study_instance_uid) DO NOTHING RETURNING 1`,
    [studyUid, siteId, ...studyColumns(s), JSON.stringify(pick(s, STUDY_LEVEL_TAGS)), modalities, series.length, upstreamCount],
  );
  if (!inserted.length) return;
  await insertSeries(hub, studyUid, series);
  result.discovered++;
  if (!siteId) result.unassigned++;
  await hub.studyEvents.emit({ type: 'study.stored', studyUid, siteId, source: 'upstream', newInstances: upstreamCount, newStudy: true });
}

async function insertSeries(hub: PollHub, studyUid: string, series: DicomJson[]) {
  for (const x of series) {
    const uid = jsonString(x, TAG.SeriesInstanceUID);
    if (!uid) continue;
    await hub.db.query(
      `INSERT INTO series (series_instance_uid, study_instance_uid, modality, series_number, series_description, num_instances, attrs)
       VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (series_instance_uid) DO UPDATE SET num_instances = GREATEST(series.num_instances, EXCLUDED.num_instances)`,
      [uid, studyUid, jsonString(x, TAG.Modality), jsonNumber(x, TAG.SeriesNumber), jsonString(x, TAG.SeriesDescription), jsonNumber(x, TAG.NumberOfSeriesRelatedInstances) ?? 0, JSON.stringify(pick(x, SERIES_LEVEL_TAGS))],
    );
  }
}

/**
 * Polls every `seconds` (TELEREAD_PACS_POLL_SECONDS, default 60; 0 disables): a full sweep first,
 * then recent studies. Returns the stop function for hub.onClose. Errors are logged, never fatal.
 */
export function startUpstreamPoller(hub: PollHub, seconds: number, log: (msg: string) => void = () => undefined): () => Promise<void> {
  if (!seconds || hub.store.kind !== 'upstream') return async () => undefined;
  let running: Promise<unknown> | undefined;
  let first = true;
  const tick = () => {
    if (running) return;
    running = pollUpstream(hub, { full: first })
      .then(() => {
        first = false;
      })
      .catch((err: unknown) => log(`upstream poll failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, seconds * 1000);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
