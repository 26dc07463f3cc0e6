import { useMemo } from 'react';
import type { DicomJsonDataset } from '../domain/dicomJson.js';
import { checkSeries, uniqueInstances, type SeriesIssue } from '../domain/seriesChecks.js';
import { useViewerT, type ViewerTranslate } from '../i18n.js';

export function describeIssue(i: SeriesIssue, t: ViewerTranslate): string {
  switch (i.kind) {
    case 'missingSlices':
      return t('series.warn.missingSlices', { count: i.count, after: i.afterIndex + 1, gap: i.gapMm, spacing: i.spacingMm });
    case 'unevenSpacing':
      return t('series.warn.unevenSpacing', { dev: i.maxDeviationMm });
    case 'duplicatePositions':
      return t('series.warn.duplicatePositions', { count: i.count });
    case 'mixedOrientation':
      return t('series.warn.mixedOrientation');
    case 'mixedSize':
      return t('series.warn.mixedSize');
    case 'mixedPixelSpacing':
      return t('series.warn.mixedPixelSpacing');
  }
}

/** The series checks of one viewport, said on that viewport (never a silently wrong picture). */
export function SeriesWarnings({ instances }: { instances: readonly DicomJsonDataset[] }) {
  const t = useViewerT();
  const issues = useMemo(() => checkSeries(uniqueInstances(instances)), [instances]);
  if (!issues.length) return null;
  return (
    <div role="alert" data-testid="series-warning" data-kinds={issues.map((i) => i.kind).join(' ')} style={{ position: 'absolute', left: '20%', right: '20%', top: 4, zIndex: 2, background: 'rgba(90,60,0,0.85)', color: '#ffd28a', fontSize: 12, padding: '2px 6px', borderRadius: 3, pointerEvents: 'none' }}>
      {issues.map((i, k) => (
        <div key={k}>{describeIssue(i, t)}</div>
      ))}
    </div>
  );
}
