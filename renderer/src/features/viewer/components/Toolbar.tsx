import { COMMANDS } from '../commands/registry.js';
import type { ViewerCommand, ViewState } from '../commands/types.js';
import { useViewerT } from '../i18n.js';

const GROUPS: ViewerCommand['group'][] = ['tool', 'view', 'stack', 'preset'];

/** The toolbar is drawn from the same registry the keyboard reads; each button shows its key. */
export function Toolbar({ state, onRun }: { state: ViewState | null; onRun(cmd: ViewerCommand): void }) {
  const t = useViewerT();
  return (
    <div role="toolbar" style={{ display: 'flex', flexWrap: 'wrap', gap: 4, padding: 4, background: '#1b1f24', borderBottom: '1px solid #333' }}>
      {GROUPS.map((g) => (
        <div key={g} style={{ display: 'flex', gap: 2, marginRight: 8 }}>
          {COMMANDS.filter((c) => c.group === g && (!state || (c.isAvailable?.(state) ?? true))).map((c) => {
            const active = state ? (c.isActive?.(state) ?? false) : false;
            const key = c.keys[0];
            return (
              <button
                key={c.id}
                type="button"
                data-command={c.id}
                aria-pressed={c.isActive ? active : undefined}
                disabled={!state}
                title={`${t(c.label)}${key ? ` (${key})` : ''}`}
                onClick={() => onRun(c)}
                style={{ background: active ? '#2f6fb5' : '#2a2f36', color: '#eee', border: '1px solid #444', borderRadius: 3, padding: '2px 6px', fontSize: 12 }}
              >
                {t(c.label)}
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
