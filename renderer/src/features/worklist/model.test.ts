import { describe, expect, it } from 'vitest';
import type { Task } from '../../../../shared/api/worklist.js';
import { applyTaskEvent, ageYears, countByState, displayName, filterTasks, formatDuration, sortTasks, visibleWindow } from './model.js';
import { backoffMs, connectLiveEvents, type WebSocketLike } from './liveEvents.js';

const base: Task = {
  id: 't1', studyInstanceUid: '1.2.3', kind: 'imaging', siteId: 's-a', siteName: '东坪镇卫生院', priority: 'routine', state: 'waiting',
  claimedBy: null, leaseExpiresAt: null, arrivedAt: '2026-11-23T08:00:00.000Z', claimedAt: null, preliminaryAt: null, finalAt: null, version: 1,
  patient: { id: 'P1', name: 'Wang^Lei', nameIdeographic: '王磊', sex: 'M', birthDate: '19800315' },
  modalities: ['CT'], accessionNumber: 'A1', studyDescription: 'CT CHEST', studyDate: '20261123', request: null,
  tat: { elapsed: 0, targetMinutes: 1440, dueAt: '2026-11-24T08:00:00.000Z', overdue: false, remaining: 1440, arrivalToClaim: null, arrivalToPreliminary: null, arrivalToFinal: null },
};
const task = (over: Partial<Task> & { id: string }): Task => ({ ...base, ...over, patient: { ...base.patient, ...(over.patient ?? {}) } });

describe('worklist model', () => {
  it('merges live events by version: newer replaces, older is ignored, unknown tasks are added', () => {
    const list = [task({ id: 'a' })];
    const claimed = applyTaskEvent(list, { type: 'task.updated', payload: { task: task({ id: 'a', state: 'claimed', version: 2 }) } });
    expect(claimed[0].state).toBe('claimed');
    expect(applyTaskEvent(claimed, { type: 'task.updated', payload: { task: task({ id: 'a', state: 'waiting', version: 1 }) } })[0].state).toBe('claimed');
    expect(applyTaskEvent(claimed, { type: 'task.created', payload: { task: task({ id: 'b' }) } }).map((t) => t.id)).toEqual(['a', 'b']);
    expect(applyTaskEvent(claimed, { type: 'alert.raised', payload: {} })).toBe(claimed);
  });

  it('shows Chinese names first and sorts them by pinyin', () => {
    const list = [
      task({ id: '1', patient: { nameIdeographic: '张伟', name: 'Zhang^Wei' } as Task['patient'] }),
      task({ id: '2', patient: { nameIdeographic: '王磊', name: 'Wang^Lei' } as Task['patient'] }),
      task({ id: '3', patient: { nameIdeographic: '陈刚', name: 'Chen^Gang' } as Task['patient'] }),
      task({ id: '4', patient: { nameIdeographic: '', name: 'Li^Jing' } as Task['patient'] }),
    ];
    expect(displayName(list[3])).toBe('Li Jing');
    const sorted = sortTasks(list, { key: 'patient', dir: 'asc' }, 'zh-CN', new Date()).map(displayName);
    expect(sorted).toEqual(['陈刚', 'Li Jing', '王磊', '张伟']);
    const hanOnly = list.map((t) => ({ ...t, patient: { ...t.patient, name: null } }));
    expect(sortTasks(hanOnly.slice(0, 3), { key: 'patient', dir: 'asc' }, 'zh-CN', new Date()).map(displayName)).toEqual(['陈刚', '王磊', '张伟']);
  });

  it('default order: open before closed, stat first, then the longest waiting', () => {
    const list = [
      task({ id: 'done', priority: 'stat', state: 'final' }),
      task({ id: 'routine-old', priority: 'routine', arrivedAt: '2026-11-23T06:00:00.000Z' }),
      task({ id: 'stat-new', priority: 'stat', arrivedAt: '2026-11-23T09:00:00.000Z' }),
      task({ id: 'stat-old', priority: 'stat', arrivedAt: '2026-11-23T07:00:00.000Z', state: 'claimed' }),
    ];
    expect(sortTasks(list, null, 'zh-CN', new Date()).map((t) => t.id)).toEqual(['stat-old', 'stat-new', 'routine-old', 'done']);
    expect(sortTasks(list, { key: 'waiting', dir: 'desc' }, 'en', new Date('2026-11-23T10:00:00Z'))[0].id).toBe('routine-old');
  });

  it('filters on site, modality, priority, state, dates and free text over name, ID and accession', () => {
    const list = [task({ id: 'a' }), task({ id: 'b', siteId: 's-b', modalities: ['DX'], priority: 'stat', accessionNumber: 'ACC-77', patient: { id: 'X9', nameIdeographic: '李静', name: 'Li^Jing' } as Task['patient'] })];
    expect(filterTasks(list, { siteId: 's-b' }).map((t) => t.id)).toEqual(['b']);
    expect(filterTasks(list, { modality: 'CT' }).map((t) => t.id)).toEqual(['a']);
    expect(filterTasks(list, { priority: 'stat', state: 'waiting' }).map((t) => t.id)).toEqual(['b']);
    expect(filterTasks(list, { text: 'acc-77' }).map((t) => t.id)).toEqual(['b']);
    expect(filterTasks(list, { text: '王' }).map((t) => t.id)).toEqual(['a']);
    expect(filterTasks(list, { from: '2026-11-24' })).toEqual([]);
    expect(countByState(list)).toMatchObject({ waiting: 2, claimed: 0 });
  });

  it('formats ages and waiting times, and windows 10,000 rows', () => {
    expect(ageYears('19800315', new Date('2026-03-14T12:00:00'))).toBe(45);
    expect(ageYears('19800315', new Date('2026-03-15T12:00:00'))).toBe(46);
    expect(ageYears('bad', new Date())).toBeNull();
    const u = { min: '分', h: '时', d: '天' };
    expect(formatDuration(5, u)).toBe('5 分');
    expect(formatDuration(125, u)).toBe('2 时 05 分');
    expect(formatDuration(1500, u)).toBe('1 天 1 时');
    const w = visibleWindow(10_000, 28 * 5000, 560, 28);
    expect(w.first).toBe(4992);
    expect(w.last - w.first).toBeLessThan(40);
    expect(w.totalHeight).toBe(280_000);
  });
});

describe('live events client', () => {
  class FakeSocket implements WebSocketLike {
    static all: FakeSocket[] = [];
    sent: string[] = [];
    onopen: WebSocketLike['onopen'] = null;
    onmessage: WebSocketLike['onmessage'] = null;
    onclose: WebSocketLike['onclose'] = null;
    onerror: WebSocketLike['onerror'] = null;
    constructor(readonly url: string) {
      FakeSocket.all.push(this);
    }
    send(d: string) {
      this.sent.push(d);
    }
    close() {}
  }
  const tick = () => new Promise((r) => setTimeout(r, 0));

  it('says hello, then after a drop reconnects with the last seq it saw and drops duplicates', async () => {
    FakeSocket.all = [];
    const timers: Array<() => void> = [];
    const got: number[] = [];
    const c = connectLiveEvents({
      url: 'ws://hub/api/events',
      getToken: async () => 'token-123456',
      onEvent: (e) => got.push(e.seq),
      WebSocketImpl: FakeSocket,
      setTimeoutImpl: (fn) => timers.push(fn),
    });
    await tick();
    const s1 = FakeSocket.all[0];
    s1.onopen?.({});
    expect(JSON.parse(s1.sent[0])).toEqual({ type: 'hello', token: 'token-123456' });
    s1.onmessage?.({ data: JSON.stringify({ type: 'ready', lastSeq: 10 }) });
    s1.onmessage?.({ data: JSON.stringify({ type: 'event', event: { seq: 11, type: 'task.created', payload: {} } }) });
    s1.onclose?.({ code: 1006 });
    expect(timers).toHaveLength(1);
    timers[0]();
    await tick();
    const s2 = FakeSocket.all[1];
    s2.onopen?.({});
    expect(JSON.parse(s2.sent[0]).since).toBe(11);
    s2.onmessage?.({ data: JSON.stringify({ type: 'event', event: { seq: 11, type: 'task.created', payload: {} } }) });
    s2.onmessage?.({ data: JSON.stringify({ type: 'event', event: { seq: 12, type: 'task.updated', payload: {} } }) });
    expect(got).toEqual([11, 12]);
    expect(c.lastSeq()).toBe(12);
    c.close();
  });

  it('resumes from a seq seen by an earlier screen: the first hello asks the hub to replay after it', async () => {
    FakeSocket.all.length = 0;
    const got: number[] = [];
    const c = connectLiveEvents({ url: 'ws://hub/api/events', getToken: async () => 'token-123456', onEvent: (e) => got.push(e.seq), since: 40, WebSocketImpl: FakeSocket });
    await tick();
    const s = FakeSocket.all[0];
    s.onopen?.({});
    expect(JSON.parse(s.sent[0])).toEqual({ type: 'hello', token: 'token-123456', since: 40 });
    s.onmessage?.({ data: JSON.stringify({ type: 'event', event: { seq: 40, type: 'report.signed', payload: {} } }) });
    s.onmessage?.({ data: JSON.stringify({ type: 'event', event: { seq: 41, type: 'report.amended', payload: {} } }) });
    expect(got).toEqual([41]);
    expect(c.lastSeq()).toBe(41);
    c.close();
  });

  it('backs off up to 30 s', () => {
    expect(backoffMs(0)).toBe(500);
    expect(backoffMs(3)).toBe(4000);
    expect(backoffMs(20)).toBe(30_000);
  });
});
