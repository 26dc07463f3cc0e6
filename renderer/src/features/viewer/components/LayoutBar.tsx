import type { HangingProtocol } from '../domain/hanging.js';
import { LAYOUTS, type LayoutId } from '../domain/layout.js';
import type { Slab } from '../domain/slab.js';
import { useViewerT } from '../i18n.js';
import { SlabControl } from './SlabControl.js';

interface Props {
  layout: LayoutId;
  onLayout(id: LayoutId): void;
  protocols: readonly HangingProtocol[];
  protocolId: string | null;
  onProtocol(id: string): void;
  sync: boolean;
  onSync(): void;
  slab: Slab;
  onSlab(s: Slab): void;
  showSlab: boolean;
  onHelp(): void;
  onTags(): void;
}

const btn = (on: boolean) => ({ background: on ? '#2f6fb5' : '#2a2f36', color: '#eee', border: '1px solid #444', borderRadius: 3, padding: '2px 6px', fontSize: 12 }) as const;

/** Layout, hanging protocol, sync, slab, tags and help: the page-level controls (same commands as the keys). */
export function LayoutBar(p: Props) {
  const t = useViewerT();
  return (
    <div role="toolbar" aria-label={t('layout.label')} style={{ display: 'flex', flexWrap: 'wrap', gap: 4, alignItems: 'center', padding: 4, background: '#1b1f24', borderBottom: '1px solid #333' }}>
      {(Object.keys(LAYOUTS) as LayoutId[]).map((id) => (
        <button key={id} type="button" data-command={`layout.${id}`} aria-pressed={p.layout === id} onClick={() => p.onLayout(id)} style={btn(p.layout === id)}>
          {t(`cmd.layout.${id}`)}
        </button>
      ))}
      <label style={{ color: '#ddd', fontSize: 12, marginLeft: 8 }}>
        {t('hp.label')}{' '}
        <select data-testid="hp-select" value={p.protocolId ?? ''} onChange={(e) => p.onProtocol(e.target.value)}>
          {p.protocolId === null && <option value="">—</option>}
          {p.protocols.map((h) => (
            <option key={h.id} value={h.id}>
              {t(h.label)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" data-command="prior.sync" aria-pressed={p.sync} onClick={p.onSync} title={t(p.sync ? 'layout.sync.on' : 'layout.sync.off')} style={btn(p.sync)}>
        {t('cmd.sync')}
      </button>
      {p.showSlab && <SlabControl slab={p.slab} onChange={p.onSlab} />}
      <button type="button" data-command="page.tags" onClick={p.onTags} style={btn(false)}>
        {t('cmd.tags')}
      </button>
      <button type="button" data-command="page.help" onClick={p.onHelp} style={btn(false)}>
        ? {t('cmd.help')}
      </button>
    </div>
  );
}
