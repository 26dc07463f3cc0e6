import { describe, expect, it } from 'vitest';
import { DRAFT_CATALOGUES } from './drafts.js';
import { computeMetrics, median, percentile, type AlertTimes } from './metrics.js';
import { checkPatient, normaliseText, readBackMatches } from './readback.js';
import { nextState, planDue, type AlertTimers } from './state.js';

describe('draft catalogues', () => {
  it('have unique stable codes, both languages, sane deadlines', () => {
    const all = [...DRAFT_CATALOGUES.radiology, ...DRAFT_CATALOGUES.ecg];
    expect(DRAFT_CATALOGUES.radiology).toHaveLength(19);
    expect(DRAFT_CATALOGUES.ecg).toHaveLength(16);
    expect(new Set(all.map((i) => i.code)).size).toBe(all.length);
    for (const i of all) {
      expect(i.code).toMatch(/^(RAD|ECG)-[A-Z]+-\d{2}$/);
      expect(i.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(i.en).toMatch(/^[A-Z]/);
      expect(i.notifyMin).toBeLessThanOrEqual(i.ackMin);
      expect(i.ackMin).toBeLessThanOrEqual(i.actMin);
    }
    expect(DRAFT_CATALOGUES.radiology.find((i) => i.code === 'RAD-ABD-03')).toMatchObject({ acrCategory: 2, ackMin: 120 });
    expect(DRAFT_CATALOGUES.ecg.every((i) => i.domain === 'ecg' && i.modalities.includes('ECG'))).toBe(true);
  });
});

describe('read-back comparison', () => {
  const ich = DRAFT_CATALOGUES.radiology.find((i) => i.code === 'RAD-CNS-01')!;
  const ptx = DRAFT_CATALOGUES.radiology.find((i) => i.code === 'RAD-CHE-02')!;
  it('normalises width, case, whitespace and punctuation', () => {
    expect(normaliseText(' ＱＴ 延长。')).toBe('qt延长');
    expect(normaliseText('R on T 室早')).toBe(normaliseText('ｒ　ｏｎ　ｔ室早！'));
  });
  it('accepts the full name, an alternative of it, or the English name', () => {
    expect(readBackMatches('急性颅内出血/严重脑挫裂伤/蛛网膜下腔出血', [ich])).toBe(true);
    expect(readBackMatches(' 急性颅内出血。', [ich])).toBe(true);
    expect(readBackMatches('Acute intracranial haemorrhage', [ich])).toBe(true);
  });
  it('needs every finding of the alert, in any order, and nothing else', () => {
    expect(readBackMatches('张力性气胸，急性颅内出血', [ich, ptx])).toBe(true);
    expect(readBackMatches('急性颅内出血', [ich, ptx])).toBe(false);
    expect(readBackMatches('急性脑梗死', [ich])).toBe(false);
    expect(readBackMatches('无急性颅内出血', [ich])).toBe(false);
    expect(readBackMatches('', [ich])).toBe(false);
  });
});

describe('patient identification (two identifiers)', () => {
  const onFile = { patientId: 'P0001', name: 'Zhang^San', nameIdeographic: '张三', birthDate: '19600102' };
  it('matches ID + name (Latin or ideographic) or ID + birth date', () => {
    expect(checkPatient(onFile, { patientId: 'p0001', name: '张 三' })).toEqual({ ok: true, identifiers: ['patientId', 'name'] });
    expect(checkPatient(onFile, { patientId: 'P0001', name: 'zhang san' }).ok).toBe(true);
    expect(checkPatient(onFile, { patientId: 'P0001', birthDate: '1960-01-02' })).toEqual({ ok: true, identifiers: ['patientId', 'birthDate'] });
  });
  it('refuses a wrong identifier or a missing second one', () => {
    expect(checkPatient(onFile, { patientId: 'P0002', name: '张三' })).toEqual({ ok: false, mismatched: ['patientId'] });
    expect(checkPatient(onFile, { patientId: 'P0001', name: '李四', birthDate: '19600102' })).toEqual({ ok: false, mismatched: ['name'] });
    expect(checkPatient(onFile, { patientId: 'P0001' })).toEqual({ ok: false, mismatched: ['second_identifier_missing'] });
  });
});

describe('state machine', () => {
  it('allows the loop and refuses skips', () => {
    expect(nextState('raised', 'deliver')).toBe('notified');
    expect(nextState('notified', 'acknowledge')).toBe('acknowledged');
    expect(nextState('notified', 'redirect')).toBe('notified');
    expect(nextState('acknowledged', 'record_action')).toBe('actioned');
    expect(nextState('actioned', 'close')).toBe('closed');
    expect(nextState('notified', 'record_action')).toBeNull();
    expect(nextState('notified', 'close')).toBeNull();
    expect(nextState('acknowledged', 'acknowledge')).toBeNull();
    expect(nextState('notified', 'supervisor_close')).toBe('closed');
    expect(nextState('closed', 'supervisor_close')).toBeNull();
  });

  const t0 = new Date('2026-01-01T08:00:00Z');
  const at = (min: number) => new Date(t0.getTime() + min * 60_000);
  const timers = (over: Partial<AlertTimers> = {}): AlertTimers => ({
    state: 'notified', raisedAt: t0, ackDueAt: at(15), actionDueAt: at(30), escalationLevel: 0, nextReminderAt: null, actionReminded: false, ...over,
  });
  const policy = { reminderMin: 2, stepMin: 5 };

  it('reminds every N minutes, once per interval, and schedules the next', () => {
    const before = planDue(timers(), at(1.9), policy);
    expect(before).toMatchObject({ reminder: false, escalateTo: [] });
    expect(before.next.nextDueAt).toEqual(at(2));
    const first = planDue(timers(), at(2), policy);
    expect(first.reminder).toBe(true);
    expect(first.next.nextReminderAt).toEqual(at(4));
    // Missed reminders while the hub was down collapse into one.
    const late = planDue(timers({ nextReminderAt: at(4) }), at(9), policy);
    expect(late.reminder).toBe(true);
    expect(late.next.nextReminderAt).toEqual(at(10));
  });

  it('escalates level by level at the acknowledge deadline + steps, and catches up after downtime', () => {
    expect(planDue(timers({ nextReminderAt: at(16) }), at(15), policy).escalateTo).toEqual([1]);
    expect(planDue(timers({ escalationLevel: 1, nextReminderAt: at(22) }), at(20), policy).escalateTo).toEqual([2]);
    const down = planDue(timers({ nextReminderAt: at(16) }), at(26), policy);
    expect(down.escalateTo).toEqual([1, 2, 3]);
    expect(down.next.escalationLevel).toBe(3);
    // After level 3 only reminders remain.
    expect(down.next.nextDueAt).toEqual(down.next.nextReminderAt);
  });

  it('after acknowledgement: no reminders; one action-overdue reminder at the action deadline', () => {
    const acked = timers({ state: 'acknowledged', escalationLevel: 1 });
    expect(planDue(acked, at(20), policy)).toMatchObject({ reminder: false, escalateTo: [], actionOverdue: false, next: { nextDueAt: at(30) } });
    const overdue = planDue(acked, at(31), policy);
    expect(overdue).toMatchObject({ actionOverdue: true, next: { actionReminded: true, nextDueAt: null } });
    expect(planDue(timers({ state: 'closed' }), at(100), policy).next.nextDueAt).toBeNull();
  });
});

describe('metrics arithmetic', () => {
  it('median and nearest-rank P90', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(ten, 90)).toBe(9);
    expect(percentile([...ten, 11], 90)).toBe(10);
    expect(percentile([7], 90)).toBe(7);
  });

  it('times to notify / ack / action, % within target with a stated denominator', () => {
    const t0 = new Date('2026-01-01T08:00:00Z');
    const at = (m: number | null) => (m === null ? null : new Date(t0.getTime() + m * 60_000));
    const mk = (notify: number | null, ack: number | null, act: number | null, extra: Partial<AlertTimes> = {}): AlertTimes => ({
      raisedAt: t0, notifiedAt: at(notify), acknowledgedAt: at(ack), actionAt: at(act), closedAt: act === null ? null : at(act),
      notifyMin: 10, ackMin: 15, actMin: 30, escalationLevel: 0, redirected: false, readBackMismatches: 0, ...extra,
    });
    const alerts = [
      mk(0, 4, 20),
      mk(0, 10, 40),
      mk(1, 20, null, { escalationLevel: 1, readBackMismatches: 2 }),
      mk(0, null, null, { escalationLevel: 3, redirected: true }), // never acknowledged, 60 min old: late
    ];
    const m = computeMetrics(alerts, at(60)!);
    expect(m.count).toBe(4);
    expect(m.open).toBe(2);
    expect(m.notify).toEqual({ n: 4, median: 0, p90: 1 });
    expect(m.ack).toEqual({ n: 3, median: 10, p90: 20 });
    expect(m.action).toEqual({ n: 2, median: 30, p90: 40 });
    expect(m.ackWithinTargetPct).toBe(50); // 2 on time of 4 due
    expect(m.actionWithinTargetPct).toBe(25); // 1 of 4 due
    expect(m.escalatedPct).toBe(50);
    expect(m.notPickedUpPct).toBe(25);
    expect(m.redirectedPct).toBe(25);
    expect(m.readBackMismatchRate).toBe(25);
    // An alert still inside its acknowledge window counts for neither side.
    const young = computeMetrics([mk(0, null, null)], at(5)!);
    expect(young.ackWithinTargetPct).toBeNull();
    expect(computeMetrics([], t0).ack).toEqual({ n: 0, median: null, p90: null });
  });
});
