import { describe, expect, it } from 'vitest';
import type { CatalogueItem } from '../../../../shared/api/critical.js';
import { DRAFT_CATALOGUES } from '../../../../shared/critical/drafts.js';
import { supervisorEn, supervisorZhCN } from './i18n.js';
import { draftsToItems, EMPTY_FILTER, emptyDraft, escalationSteps, localDayIso, niceMax, periods, registerQuery, toDraft } from './model.js';

describe('supervisor model', () => {
  it('builds the register query; the end date is inclusive (next local midnight) and a reversed range is refused', () => {
    expect(registerQuery(EMPTY_FILTER)).toBe('');
    const q = new URLSearchParams(registerQuery({ ...EMPTY_FILTER, q: ' 张三 ', category: '1', state: 'notified', from: '2026-11-01', to: '2026-11-01' })!);
    expect(q.get('q')).toBe('张三');
    expect(q.get('category')).toBe('1');
    expect(q.get('state')).toBe('notified');
    expect(new Date(q.get('to')!).getTime() - new Date(q.get('from')!).getTime()).toBe(new Date(2026, 10, 2).getTime() - new Date(2026, 10, 1).getTime());
    expect(q.get('from')).toBe(localDayIso('2026-11-01'));
    expect(registerQuery({ ...EMPTY_FILTER, from: '2026-11-02', to: '2026-11-01' })).toBeNull();
    expect(localDayIso('2026-13-45x')).toBeNull();
  });

  it('periods: the last 7 days, 8 Monday weeks or 6 months, oldest first, ending with the one holding now', () => {
    const now = new Date(2026, 10, 23, 15, 0); // Monday 23 Nov 2026
    const days = periods('day', now);
    expect(days).toHaveLength(7);
    expect(days.at(-1)).toMatchObject({ label: '11-23', from: new Date(2026, 10, 23), to: new Date(2026, 10, 24) });
    const weeks = periods('week', new Date(2026, 10, 25));
    expect(weeks).toHaveLength(8);
    expect(weeks.at(-1)!.from).toEqual(new Date(2026, 10, 23));
    expect(weeks[0].from).toEqual(new Date(2026, 9, 5));
    for (let i = 1; i < weeks.length; i++) expect(weeks[i].from).toEqual(weeks[i - 1].to);
    const months = periods('month', now);
    expect(months.map((m) => m.label)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
  });

  it('catalogue drafts round-trip and every bad row is named with its problem', () => {
    const rad: readonly CatalogueItem[] = DRAFT_CATALOGUES.radiology;
    const back = draftsToItems(rad.map(toDraft), 'radiology');
    expect(back.problems).toEqual([]);
    expect(back.items).toEqual(rad);
    const bad = [
      { ...toDraft(rad[0]), code: 'rad-cns-1' },
      toDraft(rad[1]),
      { ...toDraft(rad[2]), code: rad[1].code },
      { ...toDraft(rad[3]), en: ' ' },
      { ...toDraft(rad[4]), ackMin: '0' },
      { ...toDraft(rad[5]), modalities: 'ct, x-ray' },
      { ...emptyDraft(), code: 'rad-new-01', zh: '新项目', en: 'New item', modalities: 'ct，mr' },
    ];
    const r = draftsToItems(bad, 'radiology');
    expect(r.problems).toEqual([
      { row: 1, key: 'sv.c.err.code' },
      { row: 3, key: 'sv.c.err.dup', params: { code: rad[1].code } },
      { row: 4, key: 'sv.c.err.name' },
      { row: 5, key: 'sv.c.err.minutes' },
      { row: 6, key: 'sv.c.err.modality' },
    ]);
    expect(r.items.at(-1)).toMatchObject({ code: 'RAD-NEW-01', modalities: ['CT', 'MR'], acrCategory: 1 });
  });

  it('reads the register escalation text into steps', () => {
    expect(escalationSteps('2026-11-23T04:15:00Z L1 → user:town1,clinician:刘医生; 2026-11-23T04:20:00Z L2 → director:not_set,supervisor:admin')).toEqual([
      { at: '2026-11-23T04:15:00Z', level: 1, recipients: ['user:town1', 'clinician:刘医生'] },
      { at: '2026-11-23T04:20:00Z', level: 2, recipients: ['director:not_set', 'supervisor:admin'] },
    ]);
    expect(escalationSteps('')).toEqual([]);
  });

  it('chart axes end on 1, 2 or 5 × 10^n; every string exists in both languages', () => {
    expect(niceMax([3.2, null, 1])).toBe(5);
    expect(niceMax([12])).toBe(20);
    expect(niceMax([100])).toBe(100);
    expect(niceMax([null])).toBe(1);
    expect(Object.keys(supervisorEn).sort()).toEqual(Object.keys(supervisorZhCN).sort());
    expect(Object.values(supervisorEn).every((v) => v.length > 0)).toBe(true);
  });
});
