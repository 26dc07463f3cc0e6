import { SLAB_MAX_MM, SLAB_MIN_MM, type Slab, type SlabMode } from '../domain/slab.js';
import { useViewerT } from '../i18n.js';

/** Slab mode and thickness for reformatted planes ([ ] and u on the keyboard). */
export function SlabControl({ slab, onChange }: { slab: Slab; onChange(s: Slab): void }) {
  const t = useViewerT();
  return (
    <span data-testid="slab-control" style={{ display: 'inline-flex', gap: 4, alignItems: 'center', color: '#ddd', fontSize: 12 }}>
      <label>
        {t('slab.label')}{' '}
        <select value={slab.mode} onChange={(e) => onChange({ ...slab, mode: e.target.value as SlabMode })} data-testid="slab-mode">
          <option value="off">{t('slab.off')}</option>
          <option value="mip">{t('slab.mip')}</option>
          <option value="avg">{t('slab.avg')}</option>
        </select>
      </label>
      <input
        type="number"
        aria-label={t('slab.label')}
        data-testid="slab-mm"
        min={SLAB_MIN_MM}
        max={SLAB_MAX_MM}
        value={slab.mm}
        disabled={slab.mode === 'off'}
        onChange={(e) => {
          const mm = Number(e.target.value);
          if (Number.isFinite(mm)) onChange({ ...slab, mm: Math.min(SLAB_MAX_MM, Math.max(SLAB_MIN_MM, mm)) });
        }}
        style={{ width: 52 }}
      />
      mm
    </span>
  );
}

export function slabText(slab: Slab, t: ReturnType<typeof useViewerT>): string | null {
  if (slab.mode === 'off') return null;
  return t('slab.overlay', { mode: slab.mode === 'mip' ? t('slab.mip') : t('slab.avg'), mm: slab.mm });
}
