import type { AuditLog } from '../audit/log.js';
import type { Database } from '../db/database.js';
import type { EventBus } from '../events/bus.js';
import { CatalogueStore } from './catalogue.js';
import { InAppChannel, NotConfiguredChannel } from './channels.js';
import { criticalOptionsFromEnv, type CriticalContext, type CriticalOptions } from './context.js';
import { runDueEscalations, type FiredWork } from './escalation.js';
import { metricsReport, registerCsv, registerRows } from './register.js';
import { registerPdf } from './registerPdf.js';
import { AlertResponder } from './respond.js';
import { AlertReader } from './service.js';

export type { CriticalOptions } from './context.js';

/** Critical values (危急值) on the hub: catalogues, the alert loop, escalation, register and metrics. */
export class CriticalService {
  readonly ctx: CriticalContext;
  readonly catalogues: CatalogueStore;
  readonly alerts: AlertReader;
  readonly respond: AlertResponder;

  private constructor(db: Database, audit: AuditLog, events: EventBus, opts: CriticalOptions) {
    this.catalogues = new CatalogueStore(db, audit);
    this.ctx = { db, audit, events, catalogues: this.catalogues, inApp: new InAppChannel(events), sms: new NotConfiguredChannel('sms'), phone: new NotConfiguredChannel('phone'), opts };
    this.alerts = new AlertReader(this.ctx);
    this.respond = new AlertResponder(this.ctx, this.alerts);
  }

  static async create(db: Database, audit: AuditLog, events: EventBus, opts: Partial<CriticalOptions> = {}): Promise<CriticalService> {
    const svc = new CriticalService(db, audit, events, { ...criticalOptionsFromEnv(), ...opts });
    await svc.catalogues.seed();
    return svc;
  }

  /** See AlertReader.assertCanFinalise: the report module calls this inside its finalise transaction. */
  assertCanFinalise: AlertReader['assertCanFinalise'] = (tx, studyUid, override) => this.alerts.assertCanFinalise(tx, studyUid, override);

  runDueEscalations(now?: Date): Promise<FiredWork[]> {
    return runDueEscalations(this.ctx, now);
  }

  /** Starts the background escalation job; returns its stop function. */
  startJob(onError: (err: unknown) => void): () => Promise<void> {
    const timer = setInterval(() => void this.runDueEscalations().catch(onError), this.ctx.opts.jobSeconds * 1000);
    timer.unref();
    return async () => clearInterval(timer);
  }

  register = registerRows;
  registerCsv = registerCsv;
  registerPdf = registerPdf;
  metrics = metricsReport;
}
