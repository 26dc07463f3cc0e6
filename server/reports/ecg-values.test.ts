import { describe, expect, it } from 'vitest';
import { insertEcgMeasurements } from '../../shared/ecg/reportText.js';
import { templateById } from '../../shared/reports/templates.js';
import { ecgNumItems, ecgValuesFromText } from './ecg-values.js';

const template = templateById('ecg-12lead')!;
const accepted = { heartRate: 78, pr: 160, qrs: 92, qt: 380, qtcBazett: 433, qrsAxis: 45 };

describe('accepted ECG values read back from the signed findings', () => {
  it.each(['zh-CN', 'en'] as const)('%s template clauses filled by 插入测量值 give every value, QTc as Bazett', (lang) => {
    const text = insertEcgMeasurements('', accepted, lang, template.findings[lang]).text;
    expect(ecgValuesFromText(text)).toEqual([
      { key: 'heartRate', value: 78 },
      { key: 'pr', value: 160 },
      { key: 'qrs', value: 92 },
      { key: 'qt', value: 380 },
      { key: 'qtc', value: 433, formula: 'Bazett' },
      { key: 'qrsAxis', value: 45 },
    ]);
  });

  it('the "测量值：" line with a Fridericia QTc keeps its formula; a negative axis stays negative', () => {
    const text = insertEcgMeasurements('窦性心律。', { heartRate: 61, qt: 400, qtcFridericia: 405, qrsAxis: -30 }, 'zh-CN', '无占位符的模板').text;
    expect(text).toMatch(/^测量值：/);
    expect(ecgValuesFromText(text)).toEqual([
      { key: 'heartRate', value: 61 },
      { key: 'qt', value: 400 },
      { key: 'qtc', value: 405, formula: 'Fridericia' },
      { key: 'qrsAxis', value: -30 },
    ]);
  });

  it.each(['zh-CN', 'en'] as const)('%s template clause with only a Fridericia QTc accepted is coded as Fridericia', (lang) => {
    const text = insertEcgMeasurements('', { qt: 400, qtcFridericia: 405 }, lang, template.findings[lang]).text;
    expect(ecgValuesFromText(text)).toEqual([
      { key: 'qt', value: 400 },
      { key: 'qtc', value: 405, formula: 'Fridericia' },
    ]);
  });

  it('values the reader has not confirmed (placeholders, dashes) are not read', () => {
    const text = insertEcgMeasurements('', { heartRate: 72 }, 'zh-CN', template.findings['zh-CN']).text;
    expect(text).toContain('{PR}');
    expect(ecgValuesFromText(text)).toEqual([{ key: 'heartRate', value: 72 }]);
    expect(ecgValuesFromText('测量值：Q-T/QTc —/450 ms。')).toEqual([{ key: 'qtc', value: 450, formula: 'Bazett' }]);
    const qtcOnly = insertEcgMeasurements('', { qtcBazett: 452 }, 'en', template.findings.en).text;
    expect(qtcOnly).toContain('{QT}/452 ms');
    expect(ecgValuesFromText(qtcOnly)).toEqual([{ key: 'qtc', value: 452, formula: 'Bazett' }]);
    expect(ecgValuesFromText('窦性心律，各导联 ST 段未见明显偏移。')).toEqual([]);
  });

  it('as NUM items: LOINC heart rate in /min, MDC intervals in ms, QTc with its formula as Measurement Method, axis in degrees', () => {
    const items = ecgNumItems(ecgValuesFromText(insertEcgMeasurements('', accepted, 'en', template.findings.en).text));
    const summary = items.map((i) => {
      const c = (i.ConceptNameCodeSequence as Array<Record<string, string>>)[0];
      const mv = (i.MeasuredValueSequence as Array<{ NumericValue: string; MeasurementUnitsCodeSequence: Array<Record<string, string>> }>)[0];
      return [i.ValueType, c.CodingSchemeDesignator, c.CodeValue, mv.NumericValue, mv.MeasurementUnitsCodeSequence[0].CodeValue];
    });
    expect(summary).toEqual([
      ['NUM', 'LN', '8867-4', '78', '/min'],
      ['NUM', 'MDC', '2:15872', '160', 'ms'],
      ['NUM', 'MDC', '2:16156', '92', 'ms'],
      ['NUM', 'MDC', '2:16160', '380', 'ms'],
      ['NUM', 'MDC', '2:15876', '433', 'ms'],
      ['NUM', 'SCPECG', '5.10.3-13', '45', 'deg'],
    ]);
    const method = (items[4].ContentSequence as Array<Record<string, Array<Record<string, string>>>>)[0];
    expect(method.ConceptCodeSequence[0]).toMatchObject({ CodeValue: '2:15880', CodeMeaning: 'QTc Bazett' });
  });
});
