import type { HubConfig } from './config.js';
import type { AuditLog } from './audit/log.js';
import type { AuthService } from './auth/service.js';
import type { Database } from './db/database.js';
import type { ImageStore } from './store/types.js';
import type { StudyEvents } from './studies/events.js';
import type { EventBus } from './events/bus.js';
import type { Worklist } from './worklist/service.js';
import type { Reports } from './reports/service.js';
import type { CriticalService } from './critical/index.js';

/**
 * Everything a route or a background job needs, passed in explicitly (no module singletons), so
 * tests build one hub per case and two hubs can share one database.
 */
export interface Hub {
  config: HubConfig;
  db: Database;
  audit: AuditLog;
  auth: AuthService;
  /** Set by the DICOMweb module; describes the image store for /api/health. */
  storeInfo: () => Promise<{ kind: 'builtin' | 'upstream'; location: string; ok: boolean }>;
  /** The image store behind /dicomweb (built-in files or upstream PACS). */
  store: ImageStore;
  /** New studies / instances (STOW, polling); the worklist subscribes. */
  studyEvents: StudyEvents;
  /** Live events (persisted, fanned out across hubs with LISTEN/NOTIFY). */
  events: EventBus;
  /** The reading queue. */
  worklist: Worklist;
  /** Reports: drafts, signatures, versions and their archived SR/PDF/KOS. */
  reports: Reports;
  /** Critical values (危急值): catalogues, alerts, escalation, register. */
  critical: CriticalService;
  /** Work to run when the hub shuts down (timers, listeners, child services). */
  onClose: Array<() => Promise<void>>;
}
