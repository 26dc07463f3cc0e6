import { ingestBytes } from '../dicomweb/stow.js';
import type { Hub } from '../hub.js';
import { buildArtefacts } from './artefacts.js';
import { loadKeyPictures } from './keyimages.js';
import { loadEcgForPrint } from './pdf-ecg.js';
import { Reports } from './service.js';

/**
 * Wires the report service into a hub: artefacts are built by ./artefacts.ts and stored through
 * the same path as STOW (built-in store or upstream PACS).
 * Before a report becomes final the critical-values module is asked (`assertCanFinalise`): an
 * unacknowledged alert refuses finalisation (409 critical_unacknowledged) unless the signer gives
 * `criticalOverrideReason`.
 */
export function createReports(hub: Pick<Hub, 'db' | 'audit' | 'events' | 'worklist' | 'store' | 'critical'>): Reports {
  return new Reports(hub.db, hub.audit, hub.events, hub.worklist, {
    loadKeyPictures: (q, refs) => loadKeyPictures(q, hub.store, refs),
    loadEcg: (q, studyUid) => loadEcgForPrint(q, hub.store, studyUid),
    assertCanFinalise: (tx, studyUid, override) => hub.critical.assertCanFinalise(tx, studyUid, override),
    build: buildArtefacts,
    archive: async (bytes, siteId) => {
      await ingestBytes(hub, bytes, siteId);
    },
  });
}
