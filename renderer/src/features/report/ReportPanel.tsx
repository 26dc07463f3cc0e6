import { useRef, useState, type ReactNode } from 'react';
import type { Phrase } from '../../../../shared/reports/phrases.js';
import type { ReportLanguage } from '../../../../shared/reports/status.js';
import { STATUS_LABELS } from '../../../../shared/reports/status.js';
import { useLocale } from '../../i18n/I18nProvider.js';
import type { DraftContent } from './autosave.js';
import { CriticalSection } from './CriticalSection.js';
import { Editor } from './Editor.js';
import { useReportT } from './i18n.js';
import { loadPhrases, savePhrases } from './localStore.js';
import { MarksPanel } from './MarksPanel.js';
import { RequestCard } from './RequestCard.js';
import { SaveBanner } from './SaveBanner.js';
import { permissions, SignBar } from './SignBar.js';
import { useReportSession } from './useReportSession.js';
import { VersionsList } from './VersionsList.js';
import './report.css';

export interface ReportPanelProps {
  studyUid: string;
  kind: 'imaging' | 'ecg';
  /** Extra insert actions above the editor (the ECG screen's "插入测量值"); they edit through `onChange` like the editor. */
  tools?(ctx: { content: DraftContent; language: ReportLanguage; editable: boolean; onChange(c: DraftContent): void }): ReactNode;
}

/** The report beside the viewer (or the ECG view): request, editor, autosave, signing, versions, critical results. */
export function ReportPanel({ studyUid, kind, tools }: ReportPanelProps) {
  const t = useReportT();
  const [locale] = useLocale();
  const s = useReportSession(studyUid, kind);
  const [amending, setAmending] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [phrases, setPhrases] = useState<Phrase[] | null>(null);
  const findingsRef = useRef<HTMLTextAreaElement>(null);
  const { phase, user, task, report, state } = s;

  const header = (
    <header className="rp-head">
      <h2>{t('rp.title')}</h2>
      {task && (
        <span data-testid="rp-task-state" data-state={task.state}>
          {t('rp.task', { state: t(`rp.task.state.${task.state}`) })}
          {task.claimedBy ? ` · ${t('rp.task.holder', { name: task.claimedBy.displayName })}` : ''}
        </span>
      )}
    </header>
  );

  if (phase.kind !== 'ready' || !user || !report || !state) {
    return (
      <aside className="rp-panel" data-testid="report-panel" data-phase={phase.kind}>
        {header}
        {phase.kind === 'loading' && <p className="rp-muted">{t('rp.loading')}</p>}
        {phase.kind === 'error' && (
          <p className="rp-error" role="alert">
            {t('rp.loadError', { reason: phase.message })}{' '}
            <button type="button" onClick={() => void s.reload()}>
              ↻
            </button>
          </p>
        )}
        {phase.kind === 'noTask' && <p className="rp-muted">{t('rp.noTask')}</p>}
        {phase.kind === 'noReport' && (
          <>
            <RequestCard request={phase.task.request} />
            <p className="rp-muted">{t('rp.noReport')}</p>
          </>
        )}
      </aside>
    );
  }

  const perm = permissions(user, report, s.directFinal);
  const myPhrases = phrases ?? loadPhrases(user.id);
  const setMine = (list: Phrase[]) => {
    setPhrases(list);
    if (!savePhrases(user.id, list)) setNotice(t('rp.save.noLocal'));
  };
  const editable = perm.canEdit || amending;
  const onChange = (c: DraftContent) => s.apply({ type: 'edit', content: c });
  const last = report.versions[report.versions.length - 1];

  return (
    <aside className="rp-panel" data-testid="report-panel" data-phase="ready" data-report-status={report.status}>
      {header}
      <div className="rp-meta">
        <span data-testid="rp-status" data-status={report.status}>
          {t('rp.status', { status: STATUS_LABELS[report.status][locale] })}
        </span>
        <span>{t('rp.author', { name: report.author.displayName })}</span>
        {last?.verifier && <span data-testid="rp-verifier">{t('rp.verifier', { name: last.verifier.displayName })}</span>}
      </div>
      <RequestCard request={report.examRequest} />
      {perm.canEdit && (
        <SaveBanner state={state} localOk={s.localOk} restored={s.restored} onTheirs={() => s.apply({ type: 'keepTheirs' })} onMine={() => s.apply({ type: 'keepMine' })} />
      )}
      {tools?.({ content: state.content, language: report.language, editable, onChange })}
      {kind === 'imaging' && (
        <MarksPanel studyUid={studyUid} report={report} content={state.content} language={report.language} editable={editable} onChange={onChange} findingsRef={findingsRef} />
      )}
      <Editor
        kind={kind}
        language={report.language}
        content={state.content}
        readOnly={!editable}
        myPhrases={myPhrases}
        onChange={onChange}
        onAddPhrase={(p) => setMine([p, ...myPhrases])}
        onDeletePhrase={(id) => setMine(myPhrases.filter((p) => p.id !== id))}
        onNotice={setNotice}
        findingsRef={findingsRef}
      />
      {notice && (
        <p className="rp-warn" role="status" onClick={() => setNotice(null)}>
          {notice}
        </p>
      )}
      <SignBar
        user={user}
        report={report}
        state={state}
        directFinal={s.directFinal}
        amending={amending}
        onAmending={(on) => {
          setAmending(on);
          if (!on) s.replaced(report);
        }}
        onDone={s.replaced}
        onStale={() => void s.saveNow()}
      />
      <CriticalSection studyUid={studyUid} kind={kind} canRaise={user.role !== 'township_staff' && user.role !== 'supervisor'} />
      <VersionsList report={report} />
    </aside>
  );
}
