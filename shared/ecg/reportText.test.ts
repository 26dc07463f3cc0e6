import { describe, expect, it } from 'vitest';
import { templateById } from '../reports/templates.js';
import { insertEcgMeasurements, measurementLine, placeholderValues } from './reportText.js';

const tpl = templateById('ecg-12lead')!;
const values = { heartRate: 78.4, pr: 160, qrs: 92, qt: 380, qtcBazett: 433.6, qrsAxis: 62 };

describe('ECG measurements into the report text', () => {
  it('fills the template placeholders in zh-CN and en, rounding to whole units', () => {
    const zh = insertEcgMeasurements('', values, 'zh-CN', tpl.findings['zh-CN']);
    expect(zh.how).toBe('filled');
    expect(zh.text).toBe('窦性心律，心率 78 次/分。P-R 间期 160 ms，QRS 时限 92 ms，Q-T/QTc 380/434 ms，QRS 电轴 62°。各导联 ST 段未见明显偏移，T 波未见异常。');
    const en = insertEcgMeasurements(tpl.findings.en, values, 'en', tpl.findings.en);
    expect(en.text).toBe('Sinus rhythm, heart rate 78 bpm. PR 160 ms, QRS 92 ms, QT/QTc 380/434 ms, QRS axis 62°. No significant ST deviation; T waves normal.');
  });

  it('leaves unconfirmed placeholders for the reader, and a second insert after an override updates the numbers in place', () => {
    const first = insertEcgMeasurements(tpl.findings['zh-CN'], { heartRate: 78 }, 'zh-CN', tpl.findings['zh-CN']);
    expect(first.text).toContain('心率 78 次/分');
    expect(first.text).toContain('P-R 间期 {PR} ms');
    // The reader edited the rhythm words and the ST sentence; the measurement clauses are found again.
    const edited = first.text.replace('窦性心律', '窦性心动过缓').replace('各导联 ST 段未见明显偏移', 'II、III、aVF 导联 ST 段抬高 0.2 mV');
    const second = insertEcgMeasurements(edited, { heartRate: 56, pr: 170, qtcFridericia: 420 }, 'zh-CN', tpl.findings['zh-CN']);
    expect(second.how).toBe('filled');
    // Only a Fridericia QTc was accepted: the clause names the formula (the SR codes the QTc from this text).
    expect(second.text).toBe('窦性心动过缓，心率 56 次/分。P-R 间期 170 ms，QRS 时限 {QRS} ms，Q-T/QTc (Fridericia) {QT}/420 ms，QRS 电轴 {AXIS}°。II、III、aVF 导联 ST 段抬高 0.2 mV，T 波未见异常。');
    // The clause is found again with its label; a Bazett QTc accepted later takes the plain label back.
    const third = insertEcgMeasurements(second.text, { qt: 380, qtcBazett: 433 }, 'zh-CN', tpl.findings['zh-CN']);
    expect(third.how).toBe('filled');
    expect(third.text).toContain('Q-T/QTc 380/433 ms，');
    expect(third.text).not.toContain('Fridericia');
  });

  it('free text without the template gets one measurement line first, replaced (not duplicated) on the next insert', () => {
    const a = insertEcgMeasurements('心房颤动。', { heartRate: 110, qrs: 88 }, 'zh-CN', tpl.findings['zh-CN']);
    expect(a).toEqual({ how: 'prepended', text: '测量值：心率 110 次/分，QRS 时限 88 ms。\n心房颤动。' });
    const b = insertEcgMeasurements(a.text, { heartRate: 104, qrs: 88 }, 'zh-CN', tpl.findings['zh-CN']);
    expect(b).toEqual({ how: 'replaced', text: '测量值：心率 104 次/分，QRS 时限 88 ms。\n心房颤动。' });
  });

  it('writes nothing when the reader has confirmed nothing (suggestions alone never reach the report)', () => {
    expect(insertEcgMeasurements('abc', {}, 'en', tpl.findings.en)).toEqual({ text: 'abc', how: 'nothing' });
    expect(measurementLine({}, 'en')).toBeNull();
    expect(placeholderValues({ qtcFridericia: 401.2 })).toEqual({ QTc: '401' });
    expect(measurementLine({ qt: 400, qtcFridericia: 401.2, qrsAxis: -30 }, 'en')).toBe('Measurements: QT/QTc (Fridericia) 400/401 ms, QRS axis -30°.');
  });
});
