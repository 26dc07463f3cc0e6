import { Fragment, useEffect, useRef, useState, type DragEvent } from 'react';
import { displayText } from '../../../../shared/text/display.js';
import { describeError } from '../../api/errors.js';
import { useT } from '../../i18n/I18nProvider.js';
import { openedFilesQueue } from '../../platform/openedFiles.js';
import { CriticalAlertModal } from '../critical/AlertModal.js';
import { filesFromDrop, toFileLike } from './dropFiles.js';
import { formatBytes } from './group.js';
import { useTownshipT, type TownshipTranslate } from './i18n.js';
import { RequestForm } from './RequestForm.js';
import type { UnreadableReason } from './scan.js';
import { DicomdirNotes, SeriesStrip } from './ScanNotes.js';
import type { FileProgress } from './uploader.js';
import { useUpload } from './useUpload.js';
import './township.css';

function reasonText(t: TownshipTranslate, r: UnreadableReason): string {
  return 'detail' in r ? t(`up.reason.${r.code}`, { detail: r.detail }) : t(`up.reason.${r.code}`);
}

function statusText(t: TownshipTranslate, p: FileProgress | undefined): string {
  if (!p) return t('up.file.queued');
  return p.status === 'failed' ? t('up.file.failed', { reason: p.reason ?? '' }) : t(`up.file.${p.status}`);
}

/** Township upload: folder / files / drag and drop → scan → exam request → STOW in parts. */
export function UploadPage() {
  const t = useTownshipT();
  const up = useUpload();
  const [dragging, setDragging] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const { summary } = up;
  const tShell = useT();
  const [openedError, setOpenedError] = useState<string | null>(null);
  const sending = useRef(false);
  sending.current = up.phase === 'sending';
  const { choose } = up;

  // .dcm files opened with the desktop app (file association) land here, unless a send is under way;
  // opened while another screen is shown, they wait in the queue and the shell switches here.
  useEffect(
    () =>
      openedFilesQueue().take(
        (files) => {
          if (sending.current) return setOpenedError(t('up.openedBusy'));
          setOpenedError(null);
          void choose(files.map((f) => toFileLike(f)));
        },
        (err) => setOpenedError(t('up.openedFailed', { reason: describeError(err, tShell) })),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [choose],
  );

  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void up.choose(await filesFromDrop(e.dataTransfer));
  };
  const total = summary?.studies.reduce((n, s) => n + s.instanceCount, 0) ?? 0;
  const totalBytes = summary?.studies.reduce((n, s) => n + s.bytes, 0) ?? 0;
  const progress = [...up.progress.values()];
  const confirmed = progress.filter((p) => p.status === 'stored' || p.status === 'skipped').length;
  const skipped = progress.filter((p) => p.status === 'skipped').length;
  const results = Object.values(up.results);
  const failed = results.reduce((n, r) => n + (r.total - r.confirmed), 0);
  const dropped = results.find((r) => r.dropped)?.dropped;
  const allSent = up.phase === 'done' && summary !== null && summary.studies.length > 0 && summary.studies.every((s) => up.results[s.studyInstanceUid]?.confirmed === s.instanceCount);

  return (
    <section className="tw-page" aria-labelledby="up-title">
      <CriticalAlertModal />
      <h1 id="up-title">{t('up.title')}</h1>
      {(up.phase === 'pick' || up.phase === 'scanning') && (
        <div
          className={`tw-drop${dragging ? ' tw-drop-over' : ''}`}
          data-testid="upload-drop"
          onDragOver={(e) => (e.preventDefault(), setDragging(true))}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p>{t('up.drop')}</p>
          <div className="tw-row">
            <button type="button" className="tw-primary" onClick={() => folderInput.current?.click()} disabled={up.phase === 'scanning'}>
              {t('up.chooseFolder')}
            </button>
            <button type="button" onClick={() => filesInput.current?.click()} disabled={up.phase === 'scanning'}>
              {t('up.chooseFiles')}
            </button>
          </div>
          <input
            ref={folderInput}
            type="file"
            hidden
            multiple
            data-testid="upload-folder"
            {...{ webkitdirectory: '', directory: '' }}
            onChange={(e) => e.target.files && void up.choose([...e.target.files].map((f) => toFileLike(f)))}
          />
          <input ref={filesInput} type="file" hidden multiple data-testid="upload-files" onChange={(e) => e.target.files && void up.choose([...e.target.files].map((f) => toFileLike(f)))} />
          {up.phase === 'scanning' && (
            <p role="status">
              <progress max={up.scanned.total} value={up.scanned.done} /> {t('up.scanning', up.scanned)}
            </p>
          )}
        </div>
      )}

      {summary && (
        <>
          <p data-testid="upload-found">{t('up.found', { studies: summary.studies.length, files: total })}</p>
          {summary.studies.length > 0 && (
            <table className="tw-table" data-testid="upload-studies">
              <thead>
                <tr>
                  <th>{t('up.col.patient')}</th>
                  <th>{t('up.col.patientId')}</th>
                  <th>{t('up.col.studyDate')}</th>
                  <th>{t('up.col.modality')}</th>
                  <th>{t('up.col.description')}</th>
                  <th>{t('up.col.series')}</th>
                  <th>{t('up.col.count')}</th>
                  <th>{t('up.col.size')}</th>
                </tr>
              </thead>
              <tbody>
                {summary.studies.map((s) => (
                  <Fragment key={s.studyInstanceUid}>
                    <tr data-testid="upload-study" data-study-uid={s.studyInstanceUid}>
                      <td>{s.patientName}</td>
                      <td>{displayText(s.patientId)}</td>
                      <td>{s.studyDate.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3')}</td>
                      <td>{s.modalities.join('/')}</td>
                      <td>{displayText(s.description)}</td>
                      <td>{s.series.length}</td>
                      <td>{s.instanceCount}</td>
                      <td>{formatBytes(s.bytes)}</td>
                    </tr>
                    {up.phase === 'review' && (
                      <tr className="tw-series-row">
                        <td colSpan={8}>
                          <SeriesStrip study={s} t={t} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          )}
          {summary.studies.length === 0 && <p className="tw-warn">{t('up.noFiles')}</p>}
          {summary.unreadable.length > 0 && (
            <details className="tw-unreadable" open data-testid="upload-unreadable">
              <summary>{t('up.unreadable', { count: summary.unreadable.length })}</summary>
              <ul>
                {summary.unreadable.map((u) => (
                  <li key={u.file.path} data-testid="upload-unreadable-file">
                    <code>{u.file.path}</code> — {reasonText(t, u.reason)}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <DicomdirNotes reports={up.dicomdirs} t={t} />
        </>
      )}

      {up.phase === 'review' && summary && summary.studies.length > 0 && <RequestForm t={t} disabled={false} submitLabel={t('up.send')} onSubmit={(v) => void up.send(v)} />}
      {openedError && (
        <p className="tw-error" role="alert" data-testid="upload-opened-error">
          {openedError}
        </p>
      )}
      {up.error && (
        <p className="tw-error" role="alert">
          {t('up.requestFailed', { reason: up.error })}
        </p>
      )}

      {(up.phase === 'sending' || up.phase === 'done') && summary && (
        <div className="tw-send" data-testid="upload-progress">
          <progress max={total} value={confirmed} />
          <p role="status">
            {t('up.progress', { done: confirmed, total, sent: formatBytes(up.rate.bytes), bytes: formatBytes(totalBytes), speed: formatBytes(Math.round(up.rate.perSecond)) })}
          </p>
          {skipped > 0 && <p className="tw-muted">{t('up.skipped', { count: skipped })}</p>}
          <details>
            <summary>{summary.studies.map((s) => s.patientName || displayText(s.patientId)).join('、')}</summary>
            <ul className="tw-files">
              {summary.studies.flatMap((s) =>
                s.series.flatMap((se) =>
                  se.files.map((f) => {
                    const p = up.progress.get(f.header.sopInstanceUid);
                    return (
                      <li key={f.header.sopInstanceUid} data-status={p?.status ?? 'queued'} data-testid="upload-file">
                        <progress max={f.file.size} value={p?.sent ?? 0} /> <code>{f.file.path}</code> {statusText(t, p)}
                      </li>
                    );
                  }),
                ),
              )}
            </ul>
          </details>
          {allSent && (
            <p className="tw-ok" data-testid="upload-sent">
              {t('up.sent', { count: total })}
            </p>
          )}
          {up.phase === 'done' && !allSent && (
            <>
              <p className="tw-error" role="alert" data-testid="upload-incomplete">
                {dropped ? t('up.dropped', { reason: dropped }) : t('up.partial', { failed })}
              </p>
              <button type="button" className="tw-primary" onClick={() => void up.send()} data-testid="upload-resume">
                {t('up.resume')}
              </button>
            </>
          )}
          {up.phase === 'done' && (
            <button type="button" onClick={up.reset}>
              {t('up.again')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
