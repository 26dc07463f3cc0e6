import type { Channel, DeliveryStatus } from '../../shared/critical/types.js';
import type { Queryable } from '../db/database.js';
import type { EventBus } from '../events/bus.js';

/** One message to deliver about an alert (the push to the site, a reminder, an escalation). */
export interface DeliveryMessage {
  alertId: string;
  siteId: string;
  kind: 'imaging' | 'ecg';
  /** Live-event type for in-app delivery (alert.raised, alert.reminder, alert.escalated …). */
  eventType: string;
  /** Who it is meant for, as recorded in the attempt log (site, a clinician's name, a phone number). */
  recipient: string;
  payload: Record<string, unknown>;
}

export interface DeliveryResult {
  status: DeliveryStatus;
  /** Provider receipt or reason, kept in the attempt log. */
  message: string;
}

/** A way to reach township staff. Every attempt, whatever its result, is recorded by the caller. */
export interface DeliveryChannel {
  readonly channel: Channel;
  deliver(tx: Queryable, msg: DeliveryMessage): Promise<DeliveryResult>;
}

/**
 * In-app: a live event on /api/events, delivered (after commit) to every open session allowed
 * `alert.read` for the study's site — the township's sessions, the county readers and supervisors.
 */
export class InAppChannel implements DeliveryChannel {
  readonly channel = 'in_app' as const;
  constructor(private readonly events: EventBus) {}

  async deliver(tx: Queryable, msg: DeliveryMessage): Promise<DeliveryResult> {
    const seq = await this.events.publish({ type: msg.eventType, siteId: msg.siteId, kind: msg.kind, payload: msg.payload }, tx);
    return { status: 'sent', message: `event ${seq}` };
  }
}

/**
 * SMS and automated phone calls: no provider is configured in this build, so the attempt is
 * recorded honestly as `not_configured` (it shows in the register and the attempt log) and the
 * reader is prompted to phone by hand (recorded as `manual_phone`).
 */
export class NotConfiguredChannel implements DeliveryChannel {
  constructor(readonly channel: Extract<Channel, 'sms' | 'phone'>) {}

  async deliver(): Promise<DeliveryResult> {
    return { status: 'not_configured', message: `${this.channel} provider not configured` };
  }
}
