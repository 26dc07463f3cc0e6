import { useCallback, useEffect, useState } from 'react';
import type { UserSummary } from '../../../../shared/api/auth.js';
import type { Task } from '../../../../shared/api/worklist.js';
import { insertEcgMeasurements, type ConfirmedEcgValues } from '../../../../shared/ecg/reportText.js';
import type { ReportLanguage } from '../../../../shared/reports/status.js';
import { templateById } from '../../../../shared/reports/templates.js';
import { useClient } from '../../api/ClientContext.js';
import { describeError } from '../../api/errors.js';
import { useT } from '../../i18n/I18nProvider.js';
import { findTask } from '../report/api.js';
import { ReportPanel } from '../report/index.js';
import type { DraftContent } from '../report/autosave.js';
import { claimTask } from '../worklist/api.js';
import { useEcgT } from './i18n.js';
import type { ReaderMeasurements } from './measurements.js';

/** The reader's accepted/overridden values, as the report text needs them. */
export function confirmedValues(v: ReaderMeasurements): ConfirmedEcgValues {
  const out: ConfirmedEcgValues = {};
  for (const k of ['heartRate', 'pr', 'qrs', 'qt', 'qtcBazett', 'qtcFridericia', 'qrsAxis'] as const) {
    const x = v[k];
    if (x) out[k] = x.value;
  }
  return out;
}

const ECG_TEMPLATE_ID = 'ecg-12lead';

/** "插入测量值": fills the ECG template's measurement items with the reader's values, in the report's language. */
function InsertMeasurements(props: { values: ReaderMeasurements; content: DraftContent; language: ReportLanguage; editable: boolean; onChange(c: DraftContent): void }) {
  const { t } = useEcgT();
  const [note, setNote] = useState<string | null>(null);
  const confirmed = confirmedValues(props.values);
  const count = Object.keys(confirmed).length;
  const insert = () => {
    if (!count) return setNote(t('ecg.report.insert.none'));
    const tpl = templateById(props.content.templateId ?? ECG_TEMPLATE_ID) ?? templateById(ECG_TEMPLATE_ID);
    const out = insertEcgMeasurements(props.content.findings, confirmed, props.language, tpl?.findings[props.language] ?? '');
    if (out.how === 'nothing') return setNote(t('ecg.report.insert.same'));
    props.onChange({ ...props.content, findings: out.text, templateId: props.content.templateId ?? (props.content.findings.trim() ? null : ECG_TEMPLATE_ID) });
    setNote(t('ecg.report.insert.done', { count }));
  };
  if (!props.editable) return null;
  return (
    <div className="ecg-insert">
      <button type="button" className="rp-primary" data-testid="ecg-insert-measurements" title={t('ecg.report.insert.title')} onClick={insert}>
        {t('ecg.report.insert')}
      </button>
      {note ? (
        <span role="status" data-testid="ecg-insert-note">
          {note}
        </span>
      ) : null}
    </div>
  );
}

type SideState = { kind: 'loading' } | { kind: 'ready'; user: UserSummary; task: Task | null } | { kind: 'error'; error: unknown };

/**
 * The report panel beside the ECG (issue 7/9): for an ECG reader a waiting task is claimed from
 * here first (as the worklist does before opening #/read); then the shared report panel, with the
 * one-action measurement insert above its editor.
 */
export function EcgReportSide({ studyUid, values }: { studyUid: string; values: ReaderMeasurements }) {
  const client = useClient();
  const base = useT();
  const { t } = useEcgT();
  const [state, setState] = useState<SideState>({ kind: 'loading' });
  const [claimError, setClaimError] = useState<string | null>(null);
  const [claiming, setClaiming] = useState(false);

  useEffect(() => {
    let live = true;
    Promise.all([client.me(), findTask(client, studyUid, 'ecg')]).then(
      ([user, task]) => live && setState({ kind: 'ready', user, task }),
      (error: unknown) => live && setState({ kind: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [client, studyUid]);

  const claim = useCallback(async () => {
    if (state.kind !== 'ready' || !state.task) return;
    setClaiming(true);
    setClaimError(null);
    try {
      const task = await claimTask(client, state.task.id);
      setState({ ...state, task });
    } catch (err) {
      setClaimError(t('ecg.report.claimError', { reason: describeError(err, base) }));
    } finally {
      setClaiming(false);
    }
  }, [client, state, t, base]);

  if (state.kind === 'loading') return <aside className="rp-panel ecg-report-side">{t('ecg.report.loading')}</aside>;
  if (state.kind === 'error') {
    return (
      <aside className="rp-panel ecg-report-side" role="alert">
        {describeError(state.error, base)}
      </aside>
    );
  }
  const { user, task } = state;
  // Township staff read signed ECG reports in their inbox; radiologists do not read ECGs.
  if (user.role !== 'ecg_reader' && user.role !== 'supervisor') return null;
  if (task && task.state === 'waiting' && user.role === 'ecg_reader') {
    return (
      <aside className="rp-panel ecg-report-side" data-testid="ecg-report-claim">
        <p>{t('ecg.report.unclaimed')}</p>
        <button type="button" className="rp-primary" disabled={claiming} onClick={() => void claim()} data-testid="ecg-report-claim-button">
          {t('ecg.report.claim')}
        </button>
        {claimError ? <p className="rp-error">{claimError}</p> : null}
      </aside>
    );
  }
  return (
    <ReportPanel
      key={task ? `${task.id}:${task.claimedBy?.id ?? ''}` : 'none'}
      studyUid={studyUid}
      kind="ecg"
      tools={(ctx) => <InsertMeasurements values={values} {...ctx} />}
    />
  );
}
