import { describe, expect, it } from 'vitest';
import { BUILTIN_PHRASES, insertPhrase, phrasesFor } from './phrases.js';
import { isFinalised, isSigned, srFlags, STATUS_LABELS, REPORT_STATUSES } from './status.js';
import { fillPlaceholders, REPORT_TEMPLATES, suggestTemplate, templateById, unfilledPlaceholders } from './templates.js';

describe('report templates', () => {
  it('cover the six exam types in zh-CN and en, with findings and impression text', () => {
    expect(REPORT_TEMPLATES.map((t) => t.id)).toEqual(['dr-chest', 'dr-extremity', 'ct-head', 'ct-chest', 'ct-abdomen', 'ecg-12lead']);
    for (const t of REPORT_TEMPLATES) {
      for (const lang of ['zh-CN', 'en'] as const) {
        expect(t.title[lang].length, `${t.id} ${lang}`).toBeGreaterThan(3);
        expect(t.findings[lang].length).toBeGreaterThan(10);
        expect(t.impression[lang].length).toBeGreaterThan(3);
      }
      expect(/[\u4e00-\u9fff]/.test(t.findings['zh-CN'])).toBe(true);
      expect(/[\u4e00-\u9fff]/.test(t.findings.en)).toBe(false);
    }
  });

  it('suggests a template from the modality and study description, or none', () => {
    expect(suggestTemplate('imaging', ['CT'], 'CT CHEST W/O')?.id).toBe('ct-chest');
    expect(suggestTemplate('imaging', ['CT'], '头颅平扫')?.id).toBe('ct-head');
    expect(suggestTemplate('imaging', ['DX'], 'Chest PA')?.id).toBe('dr-chest');
    expect(suggestTemplate('imaging', ['DX'], 'L KNEE AP/LAT')?.id).toBe('dr-extremity');
    expect(suggestTemplate('ecg', ['ECG'], null)?.id).toBe('ecg-12lead');
    expect(suggestTemplate('imaging', ['MR'], 'BRAIN')).toBeNull();
    expect(templateById('nope')).toBeUndefined();
  });

  it('fills ECG placeholders and reports the ones left for the reader', () => {
    const t = templateById('ecg-12lead')!.findings['zh-CN'];
    const filled = fillPlaceholders(t, { HR: 72, PR: 160, QRS: 92 });
    expect(filled).toContain('心率 72 次/分');
    expect(unfilledPlaceholders(filled)).toEqual(['QT', 'QTc', 'AXIS']);
  });
});

describe('phrase library', () => {
  it('filters by kind, section and search text, with the user’s own phrases first and replacing built-ins of the same id', () => {
    const mine = { ...BUILTIN_PHRASES[0], text: { 'zh-CN': '我的结节描述', en: 'my nodule' } };
    const list = phrasesFor('imaging', 'findings', [mine]);
    expect(list[0].text['zh-CN']).toBe('我的结节描述');
    expect(list.filter((p) => p.id === mine.id)).toHaveLength(1);
    expect(phrasesFor('ecg', 'impression', [], '心房颤动').map((p) => p.id)).toEqual(['af']);
    expect(phrasesFor('ecg', 'findings')).toEqual([]);
    expect(phrasesFor('imaging', 'findings', [], '骨折').map((p) => p.id)).toEqual(['no-fracture']);
  });

  it('inserts on a new line unless the text before ends a sentence', () => {
    expect(insertPhrase('', 0, '未见异常。')).toEqual({ text: '未见异常。', caret: 5 });
    expect(insertPhrase('双肺纹理清晰。', 7, '心影不大。').text).toBe('双肺纹理清晰。心影不大。');
    const r = insertPhrase('双肺纹理清晰', 6, '心影不大。');
    expect(r.text).toBe('双肺纹理清晰\n心影不大。');
    expect(r.caret).toBe(r.text.length);
  });
});

describe('report states and SR flags', () => {
  it('maps preliminary to COMPLETE/UNVERIFIED/PRELIMINARY and final/amended to COMPLETE/VERIFIED/FINAL', () => {
    expect(srFlags('preliminary')).toEqual({ completion: 'COMPLETE', verification: 'UNVERIFIED', preliminary: 'PRELIMINARY' });
    expect(srFlags('final')).toEqual({ completion: 'COMPLETE', verification: 'VERIFIED', preliminary: 'FINAL' });
    expect(srFlags('amended')).toEqual(srFlags('final'));
    expect(isSigned('draft')).toBe(false);
    expect(isFinalised('preliminary')).toBe(false);
    expect(isFinalised('amended')).toBe(true);
    for (const s of REPORT_STATUSES) expect(STATUS_LABELS[s]['zh-CN']).toBeTruthy();
  });
});
