import type { SaveState } from './autosave.js';
import { useReportT } from './i18n.js';

/** Where the text is: saved, local only, saving, offline, or in conflict with someone else's save. */
export function SaveBanner(props: { state: SaveState; localOk: boolean; restored: boolean; onTheirs(): void; onMine(): void }) {
  const t = useReportT();
  const { state } = props;
  const c = state.conflict;
  return (
    <div className="rp-save" aria-live="polite">
      <span data-testid="rp-save-status" data-status={state.status} className={`rp-save-${state.status}`}>
        {state.status === 'conflict' && c
          ? t('rp.save.conflict', { name: c.savedBy, time: new Date(c.savedAt).toLocaleString(), version: c.version })
          : t(`rp.save.${state.status}`)}
      </span>
      {state.error && <span className="rp-error" role="alert">{t('rp.save.error', { reason: state.error })}</span>}
      {!props.localOk && <span className="rp-error" role="alert">{t('rp.save.noLocal')}</span>}
      {props.restored && state.status !== 'conflict' && <span data-testid="rp-restored">{t('rp.save.restored')}</span>}
      {state.status === 'conflict' && c && (
        <div className="rp-conflict" data-testid="rp-conflict">
          <details>
            <summary>{t('rp.save.theirs')}</summary>
            <pre>{`${c.theirs.findings}\n\n${c.theirs.impression}`}</pre>
          </details>
          <button type="button" data-testid="rp-keep-theirs" onClick={props.onTheirs}>
            {t('rp.save.keepTheirs')}
          </button>
          <button type="button" data-testid="rp-keep-mine" onClick={props.onMine}>
            {t('rp.save.keepMine')}
          </button>
        </div>
      )}
    </div>
  );
}
