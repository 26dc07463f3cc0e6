import { describe, expect, it } from 'vitest';
import { reportPdfFileName } from './reportFile.js';

describe('saved report file name', () => {
  it('names the accession number and version, never the patient', () => {
    expect(reportPdfFileName('报告', 'QSX2026000123', 'r-1', 2)).toBe('报告_QSX2026000123_v2.pdf');
    expect(reportPdfFileName('report', 'A/B:C*?', 'r-1', 1)).toBe('report_A-B-C_v1.pdf');
  });
  it('falls back to the report id when there is no accession number, and keeps names an OS accepts', () => {
    expect(reportPdfFileName('报告', null, '0b7c9a2e-51aa-4c1e-9d1e-1234567890ab', 3)).toBe('报告_0b7c9a2e-51a_v3.pdf');
    expect(reportPdfFileName('报告', '  ', '../..', 0)).toBe('报告_report_v1.pdf');
    const long = reportPdfFileName('report', 'x'.repeat(500), 'r', 1);
    expect(long.length).toBeLessThan(90);
    expect(long).not.toMatch(/[\\/:*?"<>|]/);
  });
});
