import { describe, expect, it } from 'vitest';
import type { UserSummary } from '../../../../shared/api/auth.js';
import type { Alert } from '../../../../shared/api/critical.js';
import type { Report } from '../../../../shared/api/reports.js';
import { upsertAlert } from './CriticalSection.js';
import { permissions } from './SignBar.js';

const user = (id: string, username: string, role: UserSummary['role']) => ({ id, username, role }) as UserSummary;
const report = (status: Report['status'], kind: Report['kind'] = 'imaging') => ({ status, kind, author: { id: 'a', username: 'rad1', displayName: '王磊' } }) as Report;
const rad1 = user('a', 'rad1', 'radiologist');
const rad2 = user('b', 'rad2', 'senior_radiologist');
const ecg1 = user('c', 'ecg1', 'ecg_reader');

describe('report panel permissions (as the hub decides them)', () => {
  it('lets the author edit and sign a draft, and nobody else', () => {
    expect(permissions(rad1, report('draft'), [])).toMatchObject({ canEdit: true, canSign: true, canVerify: false, direct: false });
    expect(permissions(rad2, report('draft'), [])).toMatchObject({ canEdit: false, canSign: false });
  });

  it('lets a senior radiologist other than the author edit and verify a preliminary imaging report', () => {
    expect(permissions(rad2, report('preliminary'), [])).toMatchObject({ canEdit: true, canVerify: true });
    expect(permissions(rad1, report('preliminary'), [])).toMatchObject({ canEdit: false, canVerify: false });
    expect(permissions(user('a', 'rad2', 'senior_radiologist'), report('preliminary'), [])).toMatchObject({ canVerify: false });
  });

  it('verifies ECG reports only by a listed direct-final ECG reader; direct-final authors sign final and amend', () => {
    const ecgReport = { ...report('preliminary', 'ecg'), author: { id: 'z', username: 'other', displayName: 'x' } } as Report;
    expect(permissions(ecg1, ecgReport, []).canVerify).toBe(false);
    expect(permissions(ecg1, ecgReport, ['ecg1']).canVerify).toBe(true);
    expect(permissions(rad2, ecgReport, []).canVerify).toBe(false);
    expect(permissions(rad1, report('final'), ['rad1'])).toMatchObject({ direct: true, canAmend: true });
    expect(permissions(rad1, report('final'), []).canAmend).toBe(false);
    expect(permissions(rad2, report('amended'), []).canAmend).toBe(true);
  });
});

describe('alert list', () => {
  const a = (id: string, state: Alert['state'], raisedAt: string) => ({ id, state, raisedAt }) as Alert;
  it('replaces an alert by id with its newer state and keeps newest first', () => {
    let list = upsertAlert([], a('1', 'raised', '2026-01-01T10:00:00Z'));
    list = upsertAlert(list, a('2', 'notified', '2026-01-01T11:00:00Z'));
    list = upsertAlert(list, a('1', 'acknowledged', '2026-01-01T10:00:00Z'));
    expect(list.map((x) => `${x.id}:${x.state}`)).toEqual(['2:notified', '1:acknowledged']);
  });
});
