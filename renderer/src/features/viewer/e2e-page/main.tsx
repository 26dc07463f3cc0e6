import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../../../i18n/I18nProvider.js';
import { TaskList } from '../../../../../shared/api/worklist.js';
import { ViewerPage } from '../index.js';
import { nextInQueue, usePrefetchNext } from '../data/usePrefetchNext.js';
import { canvasStats, imageToPage, measurements, probeStackViewport } from './probe.js';

/**
 * A bare page around ViewerPage for the browser tests (test/e2e/viewer*.test.ts): the hub serves
 * this build, the test passes the study and a token in the fragment. Not part of the app bundle.
 */
const params = new URLSearchParams(location.hash.slice(1));
const token = params.get('token') ?? '';
const study = params.get('study') ?? '';
const locale = params.get('lang') === 'en' ? 'en' : 'zh-CN';
// The pixel tests want one viewport: the hanging protocol by exam type only with hp=auto (or a protocol id).
const hp = params.get('hp') ?? 'single';

Object.assign(window, { __viewerProbe: probeStackViewport, __viewerStats: canvasStats, __viewerImageToPage: imageToPage, __viewerMeasurements: measurements });

const source = { root: '/dicomweb', getToken: async () => token };
/** The shell's prefetch with the worklist read by a plain fetch (the harness has no ApiClient). */
async function nextStudy(current: string): Promise<string | null> {
  const res = await fetch('/api/tasks?state=waiting&kind=imaging&limit=50', { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`tasks: HTTP ${res.status}`);
  return nextInQueue(TaskList.parse(await res.json()).tasks, current);
}

function Harness() {
  usePrefetchNext(nextStudy, params.get('prefetch') === '1' ? source : null, study);
  return <ViewerPage studyUid={study} hubUrl="" getToken={async () => token} initialProtocol={hp === 'auto' ? undefined : hp} />;
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <I18nProvider initial={locale}>
      <Harness />
    </I18nProvider>,
  );
}
