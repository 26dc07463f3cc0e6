import { displayText } from '../../../../shared/text/display.js';
import type { DicomdirReport } from './dicomdir.js';
import type { ScannedStudy } from './group.js';
import type { TownshipTranslate } from './i18n.js';
import { SeriesThumb } from './SeriesThumb.js';

/** One line per series of a study: thumbnail of its first image, number, modality, description, count. */
export function SeriesStrip(props: { study: ScannedStudy; t: TownshipTranslate }) {
  const { study, t } = props;
  return (
    <ul className="tw-series" data-testid="upload-series-list">
      {study.series.map((se) => (
        <li key={se.seriesInstanceUid} data-testid="upload-series" data-series-uid={se.seriesInstanceUid}>
          <SeriesThumb file={se.files[0].file} image={se.files[0].header.image} t={t} />
          <span>{t('up.seriesLabel', { number: se.number || '–', modality: se.modality || '?', description: displayText(se.description), count: se.files.length })}</span>
        </li>
      ))}
    </ul>
  );
}

/** What each DICOMDIR on the folder or CD says, against what is actually there. */
export function DicomdirNotes(props: { reports: readonly DicomdirReport[]; t: TownshipTranslate }) {
  const { reports, t } = props;
  return (
    <>
      {reports.map((r) => (
        <div key={r.path} className="tw-dicomdir" data-testid="upload-dicomdir">
          {r.error ? (
            <p className="tw-warn">{t('up.dicomdir.error', { path: r.path, reason: r.error })}</p>
          ) : (
            <p data-testid="upload-dicomdir-summary">{t('up.dicomdir.summary', { path: r.path, listed: r.listed, found: r.found })}</p>
          )}
          {r.unlisted > 0 && <p className="tw-muted">{t('up.dicomdir.unlisted', { count: r.unlisted })}</p>}
          {r.listed > 0 && r.found === 0 && <p className="tw-error">{t('up.dicomdir.noneFound')}</p>}
          {r.missing.length > 0 && r.found > 0 && (
            <details className="tw-unreadable" open>
              <summary className="tw-error">{t('up.dicomdir.missing', { count: r.missing.length })}</summary>
              <ul>
                {r.missing.slice(0, 50).map((m) => (
                  <li key={m} data-testid="upload-missing-file">
                    <code>{m}</code>
                  </li>
                ))}
                {r.missing.length > 50 && <li>{t('up.dicomdir.more', { count: r.missing.length - 50 })}</li>}
              </ul>
            </details>
          )}
        </div>
      ))}
    </>
  );
}
