import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../../shared/api/critical.js';
import { ageYears, alertFromEvent, EMPTY_QUEUE, ladderStage, mergeSnapshot, snooze, upsertAlert, visibleAlerts, wardLocation } from './model.js';

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

describe('ladder stage and ward location on the township modal', () => {
  it('names the step: first notice, reminder n, escalated to site staff, director, supervisors', () => {
    expect(ladderStage({ escalationLevel: 0, reminders: 0 })).toEqual({ stage: 'first', reminders: 0 });
    expect(ladderStage({ escalationLevel: 0, reminders: 2 })).toEqual({ stage: 'reminder', reminders: 2 });
    // A reminder heard live before the hub's count reached this window counts too.
    expect(ladderStage({ escalationLevel: 0, reminders: 0 }, 1)).toEqual({ stage: 'reminder', reminders: 1 });
    expect(ladderStage({ escalationLevel: 1, reminders: 3 }).stage).toBe('staff');
    expect(ladderStage({ escalationLevel: 2, reminders: 3 }).stage).toBe('director');
    expect(ladderStage({ escalationLevel: 3, reminders: 4 }).stage).toBe('supervisors');
  });

  it('formats 科室/床号 from the exam request', () => {
    expect(wardLocation({ department: '内科', bed: '12' })).toBe('内科 / 12床');
    expect(wardLocation({ department: ' 外科 ', bed: '' })).toBe('外科');
    expect(wardLocation({ bed: '加3床' })).toBe('加3床');
    expect(wardLocation({})).toBe('');
  });
});

describe('open-alerts snapshot merged with the live socket', () => {
  it('adds what the socket has not delivered, never overrides it, and never revives a settled alert', () => {
    let q = upsertAlert(EMPTY_QUEUE, alert('live', { note: 'newer' }), 'alert.raised');
    q = mergeSnapshot(q, [alert('live', { note: 'older' }), alert('acked'), alert('missed')], new Set(['acked']));
    expect(q.alerts.map((a) => a.id).sort()).toEqual(['live', 'missed']);
    expect(q.alerts.find((a) => a.id === 'live')?.note).toBe('newer');
  });
});
