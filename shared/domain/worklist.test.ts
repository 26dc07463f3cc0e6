import { describe, expect, it } from 'vitest';
import { compareForQueue, DEFAULT_TAT_TARGETS, taskKindsFor, turnaround } from './worklist.js';

const at = (min: number) => new Date(Date.UTC(2026, 10, 23, 8, 0) + min * 60000).toISOString();

describe('turnaround clocks', () => {
  it('measures each step from arrival and flags an open stat task past 30 minutes', () => {
    const t = { arrivedAt: at(0), claimedAt: at(4), preliminaryAt: null, finalAt: null, priority: 'stat' as const, state: 'claimed' as const };
    const before = turnaround(t, DEFAULT_TAT_TARGETS, new Date(at(29)));
    expect(before).toMatchObject({ arrivalToClaim: 4, arrivalToPreliminary: null, elapsed: 29, targetMinutes: 30, overdue: false, remaining: 1, dueAt: at(30) });
    const after = turnaround(t, DEFAULT_TAT_TARGETS, new Date(at(31)));
    expect(after).toMatchObject({ overdue: true, remaining: -1, elapsed: 31 });
  });
  it('stops the clock at the final report and remembers whether it was late', () => {
    const t = { arrivedAt: at(0), claimedAt: at(10), preliminaryAt: at(50), finalAt: at(130), priority: 'urgent' as const, state: 'final' as const };
    const r = turnaround(t, DEFAULT_TAT_TARGETS, new Date(at(5000)));
    expect(r).toMatchObject({ arrivalToClaim: 10, arrivalToPreliminary: 50, arrivalToFinal: 130, elapsed: 130, overdue: true });
    expect(turnaround({ ...t, finalAt: at(100) }, DEFAULT_TAT_TARGETS, new Date(at(5000))).overdue).toBe(false);
  });
  it('a cancelled task is never overdue; routine allows a day; custom targets apply', () => {
    const c = { arrivedAt: at(0), claimedAt: null, preliminaryAt: null, finalAt: null, priority: 'stat' as const, state: 'cancelled' as const };
    expect(turnaround(c, DEFAULT_TAT_TARGETS, new Date(at(500))).overdue).toBe(false);
    const r = { ...c, priority: 'routine' as const, state: 'waiting' as const };
    expect(turnaround(r, DEFAULT_TAT_TARGETS, new Date(at(1439))).overdue).toBe(false);
    expect(turnaround(r, DEFAULT_TAT_TARGETS, new Date(at(1441))).overdue).toBe(true);
    expect(turnaround(r, { ...DEFAULT_TAT_TARGETS, routine: 60 }, new Date(at(61))).overdue).toBe(true);
  });
  it('queues by priority, then by age', () => {
    const items = [
      { id: 'r-old', priority: 'routine' as const, arrivedAt: at(0) },
      { id: 's-new', priority: 'stat' as const, arrivedAt: at(9) },
      { id: 'u', priority: 'urgent' as const, arrivedAt: at(5) },
      { id: 's-old', priority: 'stat' as const, arrivedAt: at(1) },
    ];
    expect(items.sort(compareForQueue).map((i) => i.id)).toEqual(['s-old', 's-new', 'u', 'r-old']);
  });
});

describe('which tasks a study needs', () => {
  it('imaging for DR/CT, ECG by modality or waveform SOP class, none for reports alone', () => {
    expect(taskKindsFor(['CT'], ['1.2.840.10008.5.1.4.1.1.2'])).toEqual(['imaging']);
    expect(taskKindsFor(['ECG'], ['1.2.840.10008.5.1.4.1.1.9.1.1'])).toEqual(['ecg']);
    expect(taskKindsFor(['OT'], ['1.2.840.10008.5.1.4.1.1.9.1.2'])).toEqual(['ecg', 'imaging']);
    expect(taskKindsFor([], ['1.2.840.10008.5.1.4.1.1.9.1.1'])).toEqual(['ecg']);
    expect(taskKindsFor(['SR', 'DOC'], ['1.2.840.10008.5.1.4.1.1.88.22', '1.2.840.10008.5.1.4.1.1.104.1'])).toEqual([]);
    expect(taskKindsFor(['DX', 'SR'], ['1.2.840.10008.5.1.4.1.1.1.1', '1.2.840.10008.5.1.4.1.1.88.22'])).toEqual(['imaging']);
  });
});
