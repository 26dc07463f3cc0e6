import { lazy, Suspense } from 'react';
import { ReportPanel } from './ReportPanel.js';

// The viewer (Cornerstone, codecs) stays lazily loaded, as on its own route.
const ViewerRoute = lazy(() => import('../viewer/ViewerRoute.js').then((m) => ({ default: m.ViewerRoute })));

/** Route `#/read/:studyUid`: the viewer and the report panel side by side. */
export function ReadLayout(props: { studyUid: string; onClose(): void }) {
  return (
    <div className="rp-read" data-testid="read-layout">
      <div className="rp-read-viewer">
        <Suspense fallback={null}>
          <ViewerRoute studyUid={props.studyUid} onClose={props.onClose} />
        </Suspense>
      </div>
      <ReportPanel studyUid={props.studyUid} kind="imaging" />
    </div>
  );
}
