import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../../shared/api/critical.js';
import { ageYears, alertFromEvent, EMPTY_QUEUE, snooze, upsertAlert, visibleAlerts } from './model.js';

const alert = (id: string, over: Partial<Alert> = {}): Alert =>
  ({
    id,
    state: 'notified',
    category: 1,
    raisedAt: '2026-11-23T10:00:00.000Z',
    items: [],
    patient: { id: 'P1', name: 'ZHANG^WEI', nameIdeographic: '张^伟' },
    ...over,
  }) as Alert;

describe('critical alert queue', () => {
  it('keeps alerts waiting for acknowledgement, most urgent category first, then oldest', () => {
    let q = upsertAlert(EMPTY_QUEUE, alert('b', { category: 2 }), 'alert.raised');
    q = upsertAlert(q, alert('a', { category: 1, raisedAt: '2026-11-23T11:00:00.000Z' }), 'alert.raised');
    q = upsertAlert(q, alert('c', { category: 1, raisedAt: '2026-11-23T09:00:00.000Z' }), 'alert.raised');
    expect(visibleAlerts(q).map((x) => x.id)).toEqual(['c', 'a', 'b']);
    q = upsertAlert(q, alert('c', { state: 'acknowledged' }), 'alert.updated');
    expect(visibleAlerts(q).map((x) => x.id)).toEqual(['a', 'b']);
  });

  it('hides a redirected alert until the hub reminds or escalates, and counts reminders', () => {
    let q = upsertAlert(EMPTY_QUEUE, alert('a'), 'alert.raised');
    q = snooze(q, 'a');
    q = upsertAlert(q, alert('a'), 'alert.redirected');
    expect(visibleAlerts(q)).toEqual([]);
    q = upsertAlert(q, alert('a'), 'alert.reminder');
    expect(visibleAlerts(q).map((x) => x.id)).toEqual(['a']);
    expect(q.reminders.a).toBe(1);
  });

  it('ignores events that are not alerts or carry no valid alert', () => {
    expect(alertFromEvent({ seq: 1, at: '2026-11-23T10:00:00.000Z', type: 'task.updated', siteId: null, payload: {} })).toBeNull();
    expect(alertFromEvent({ seq: 1, at: '2026-11-23T10:00:00.000Z', type: 'alert.raised', siteId: null, payload: { alert: { id: 'x' } } })).toBeNull();
  });

  it('computes age from a DICOM birth date', () => {
    expect(ageYears('19620301', new Date('2026-02-28T12:00:00'))).toBe(63);
    expect(ageYears('1962-03-01', new Date('2026-03-01T12:00:00'))).toBe(64);
    expect(ageYears('', new Date())).toBeNull();
  });
});
