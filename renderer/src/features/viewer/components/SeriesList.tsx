import type { SeriesSummary } from '../data/dicomweb.js';
import type { LoadProgress } from '../data/seriesLoader.js';
import { useViewerT } from '../i18n.js';

interface Props {
  series: SeriesSummary[];
  activeUid: string | null;
  progress: Record<string, LoadProgress | undefined>;
  onSelect(uid: string): void;
}

/** Series of the study with a per-series load bar (failed frames counted, never hidden). */
export function SeriesList({ series, activeUid, progress, onSelect }: Props) {
  const t = useViewerT();
  return (
    <nav aria-label={t('viewer.series')} style={{ width: 180, overflowY: 'auto', background: '#15181c', color: '#ddd', fontSize: 12 }}>
      {series.map((s) => {
        const p = progress[s.seriesUid];
        const pct = p && p.total ? Math.round(((p.loaded + p.failed) / p.total) * 100) : 0;
        return (
          <button
            key={s.seriesUid}
            type="button"
            data-testid="series-item"
            data-series-uid={s.seriesUid}
            aria-current={s.seriesUid === activeUid}
            onClick={() => onSelect(s.seriesUid)}
            style={{ display: 'block', width: '100%', textAlign: 'left', padding: 6, border: 0, borderBottom: '1px solid #2a2a2a', color: 'inherit', background: s.seriesUid === activeUid ? '#24405f' : 'transparent' }}
          >
            <div>
              {s.modality} #{s.number} {s.description}
            </div>
            <div style={{ opacity: 0.7 }}>{t('viewer.series.images', { count: p?.total ?? s.instanceCount })}</div>
            {p && (
              <div data-testid="series-progress" data-loaded={p.loaded} data-failed={p.failed} data-total={p.total}>
                <div style={{ height: 3, background: '#333' }}>
                  <div style={{ height: 3, width: `${pct}%`, background: p.failed ? '#d9822b' : '#3fa34d' }} />
                </div>
                <div style={{ opacity: 0.7 }}>
                  {t('viewer.loading.progress', { loaded: p.loaded, total: p.total })}
                  {p.failed > 0 && ` · ${t('viewer.loading.failedFrames', { count: p.failed })}`}
                </div>
              </div>
            )}
          </button>
        );
      })}
    </nav>
  );
}
