import type { StudySummary } from '../data/priors.js';
import { useViewerT } from '../i18n.js';

export type PriorsState = { status: 'loading' } | { status: 'failed'; reason: string } | { status: 'ready'; priors: StudySummary[] };

const fmtDate = (d: string) => (/^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d);

/** The patient's other studies (the hub's site rules apply), each openable beside the current one. */
export function PriorsPanel({ state, openUids, onOpen }: { state: PriorsState; openUids: readonly string[]; onOpen(p: StudySummary): void }) {
  const t = useViewerT();
  return (
    <section aria-label={t('priors.title')} data-testid="priors" style={{ borderTop: '1px solid #333', padding: 6, fontSize: 12, color: '#ddd' }}>
      <h3 style={{ fontSize: 12, margin: '2px 0 4px' }}>{t('priors.title')}</h3>
      {state.status === 'loading' && <div style={{ opacity: 0.7 }}>{t('priors.loading')}</div>}
      {state.status === 'failed' && <div role="alert" style={{ color: '#ffb4a8' }}>{t('priors.failed', { reason: state.reason })}</div>}
      {state.status === 'ready' && !state.priors.length && <div style={{ opacity: 0.7 }}>{t('priors.none')}</div>}
      {state.status === 'ready' &&
        state.priors.map((p) => (
          <div key={p.studyUid} data-testid="prior-item" data-study-uid={p.studyUid} style={{ padding: '4px 0', borderBottom: '1px solid #2a2a2a' }}>
            <div>
              {fmtDate(p.studyDate)} {p.modalities.join('/')}
            </div>
            <div style={{ opacity: 0.75 }}>{p.description}</div>
            <button type="button" data-testid="prior-open" disabled={openUids.includes(p.studyUid)} onClick={() => onOpen(p)} style={{ marginTop: 2, fontSize: 11 }}>
              {t('priors.open')}
            </button>
          </div>
        ))}
    </section>
  );
}
