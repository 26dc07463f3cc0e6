import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../../shared/domain/roles.js';
import { makeTranslate } from '../../i18n/translate.js';
import { permissionScope, permissionSummary, siteAccess, themeForRole } from './permissions.js';

describe('role permission summary', () => {
  it('lists allowed lines first and labels every line in both languages', () => {
    for (const role of ROLES) {
      const lines = permissionSummary(role);
      const firstDenied = lines.findIndex((l) => l.scope === 'none');
      expect(lines.slice(firstDenied).every((l) => l.scope === 'none'), role).toBe(true);
      for (const locale of ['zh-CN', 'en'] as const) {
        for (const l of lines) expect(makeTranslate(locale)(l.label)).not.toBe(l.label);
      }
    }
  });

  it('reflects the clinical split of duties', () => {
    expect(permissionScope('senior_radiologist', 'report.verify')).toBe('all');
    expect(permissionScope('radiologist', 'report.verify')).toBe('none');
    expect(permissionScope('ecg_reader', 'task.claim.imaging')).toBe('none');
    expect(permissionScope('township_staff', 'study.upload')).toBe('own');
    expect(permissionScope('supervisor', 'report.write')).toBe('none');
  });

  it('township staff see their own site only; readers see every site', () => {
    expect(siteAccess('township_staff', 'a', 'a')).toBe('all');
    expect(siteAccess('township_staff', 'a', 'b')).toBe('none');
    expect(siteAccess('radiologist', 'a', 'b')).toBe('all');
  });

  it('readers get the dark reading-room theme, township staff the light one', () => {
    expect(themeForRole('radiologist')).toBe('dark');
    expect(themeForRole('ecg_reader')).toBe('dark');
    expect(themeForRole('township_staff')).toBe('light');
  });
});
