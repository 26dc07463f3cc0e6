import { cache } from '@cornerstonejs/core';
import { useEffect } from 'react';
import { helpSections, keyLabel } from '../commands/page.js';
import { useViewerT, type ViewerMessageKey } from '../i18n.js';

const MB = 1024 * 1024;

/** Every command with its shortcut(s), generated from the command tables; also states the frame cache budget. */
export function HelpOverlay({ onClose }: { onClose(): void }) {
  const t = useViewerT();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' || e.key === '?' || e.key === 'F1') {
        e.preventDefault();
        e.stopImmediatePropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
  const limit = Math.round(cache.getMaxCacheSize() / MB);
  const used = Math.round(cache.getCacheSize() / MB);
  return (
    <div role="dialog" aria-label={t('help.title')} data-testid="help-overlay" style={{ position: 'absolute', inset: 24, zIndex: 20, background: 'rgba(16,19,23,0.96)', color: '#e8e8e8', border: '1px solid #444', borderRadius: 6, padding: 16, overflow: 'auto', fontSize: 13 }}>
      <div style={{ display: 'flex', alignItems: 'center', marginBottom: 8 }}>
        <h2 style={{ margin: 0, fontSize: 16, flex: 1 }}>{t('help.title')}</h2>
        <button type="button" onClick={onClose}>
          {t('help.close')}
        </button>
      </div>
      <div style={{ columns: '3 260px', columnGap: 24 }}>
        {helpSections().map((s) => (
          <section key={s.group} style={{ breakInside: 'avoid', marginBottom: 12 }}>
            <h3 style={{ fontSize: 13, margin: '4px 0', color: '#9cc7ff' }}>{t(`help.group.${s.group}` as ViewerMessageKey)}</h3>
            <table style={{ borderCollapse: 'collapse', width: '100%' }}>
              <tbody>
                {s.rows.map((r) => (
                  <tr key={r.id} data-testid="help-row" data-command={r.id}>
                    <td style={{ padding: '1px 8px 1px 0' }}>{t(r.label)}</td>
                    <td style={{ padding: '1px 0', textAlign: 'right', whiteSpace: 'nowrap' }}>
                      {r.keys.map((k) => (
                        <kbd key={k} data-testid="help-key" style={{ border: '1px solid #666', borderRadius: 3, padding: '0 4px', marginLeft: 4, fontSize: 11 }}>
                          {keyLabel(k)}
                        </kbd>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
      <p style={{ opacity: 0.8 }}>{t('help.mouse')}</p>
      <p data-testid="help-cache" style={{ opacity: 0.8 }}>
        {t('help.cache', { limit, used })}
      </p>
    </div>
  );
}
