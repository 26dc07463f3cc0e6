import { describe, expect, it } from 'vitest';
import { applicableProtocols, chooseProtocol, mainSeries, type StudyFacts } from './hanging.js';
import { cellCount, fitCells, layoutFor } from './layout.js';

const facts = (f: Partial<StudyFacts>): StudyFacts => ({ modalities: [], bodyPart: '', studyDescription: '', seriesDescriptions: [], hasPrior: false, ...f });

describe('hanging protocols', () => {
  it('chest CT: 2×2 with axial lung, axial mediastinum and coronal', () => {
    const p = chooseProtocol(facts({ modalities: ['CT'], bodyPart: 'CHEST', studyDescription: '胸部CT增强' }));
    expect(p.id).toBe('ct-chest');
    expect(p.layout).toBe('2x2');
    expect(p.cells.slice(0, 3)).toEqual([
      { source: 'current', view: 'axial', preset: 'lung' },
      { source: 'current', view: 'axial', preset: 'mediastinum' },
      { source: 'current', view: 'coronal', preset: 'mediastinum' },
    ]);
    expect(chooseProtocol(facts({ modalities: ['CT'], studyDescription: '肺部低剂量' })).id).toBe('ct-chest');
  });

  it('chest CT: the 4th cell is the newest prior, or the sagittal reformat when there is none (never empty)', () => {
    const p = chooseProtocol(facts({ modalities: ['CT'], bodyPart: 'CHEST' }));
    expect(p.cells[3]).toEqual({ source: 'prior', view: 'axial', preset: 'lung', fallback: { source: 'current', view: 'sagittal', preset: 'mediastinum' } });
    // every rule that needs a prior in a protocol chosen without one has a fallback, or the protocol needs a prior to match
    for (const proto of applicableProtocols(facts({ modalities: ['CT', 'DX'], bodyPart: 'CHEST', studyDescription: 'HEAD' }))) {
      for (const cell of proto.cells) if (cell.source === 'prior') expect(cell.fallback, `${proto.id}`).toBeDefined();
    }
  });

  it('head CT: brain beside bone', () => {
    const p = chooseProtocol(facts({ modalities: ['CT'], bodyPart: 'HEAD' }));
    expect(p.id).toBe('ct-head');
    expect(p.cells.map((c) => c.preset)).toEqual(['brain', 'bone']);
    expect(chooseProtocol(facts({ modalities: ['CT'], studyDescription: '颅脑CT平扫' })).id).toBe('ct-head');
  });

  it('DR: current beside the prior when there is one, else one viewport', () => {
    expect(chooseProtocol(facts({ modalities: ['DX'], hasPrior: true })).cells.map((c) => c.source)).toEqual(['current', 'prior']);
    expect(chooseProtocol(facts({ modalities: ['CR'], hasPrior: false })).id).toBe('single');
  });

  it('falls back to 1×1 for anything else, and that fallback is always offered', () => {
    expect(chooseProtocol(facts({ modalities: ['US'] })).layout).toBe('1x1');
    const ids = applicableProtocols(facts({ modalities: ['CT'], bodyPart: 'CHEST', hasPrior: true })).map((p) => p.id);
    expect(ids).toEqual(['ct-chest', 'ct-prior', 'single']);
  });

  it('the main series is the largest image series, never an SR or KOS', () => {
    const s = [
      { seriesUid: 'scout', modality: 'CT', instanceCount: 2, number: 1 },
      { seriesUid: 'sr', modality: 'SR', instanceCount: 500, number: 99 },
      { seriesUid: 'axial', modality: 'CT', instanceCount: 120, number: 2 },
    ];
    expect(mainSeries(s)?.seriesUid).toBe('axial');
    expect(mainSeries([])).toBeUndefined();
    // A secondary capture (OT) is an image series.
    expect(mainSeries([{ seriesUid: 'sc', modality: 'OT', instanceCount: 1, number: 1 }, { seriesUid: 'sr', modality: 'SR', instanceCount: 3, number: 2 }])?.seriesUid).toBe('sc');
  });
});

describe('layouts', () => {
  it('has 1, 2 and 4 cells, chooses the smallest that fits, resizes keeping the first cells', () => {
    expect([cellCount('1x1'), cellCount('1x2'), cellCount('2x2')]).toEqual([1, 2, 4]);
    expect([layoutFor(1), layoutFor(2), layoutFor(3)]).toEqual(['1x1', '1x2', '2x2']);
    expect(fitCells(['a', 'b', 'c'], '1x2')).toEqual(['a', 'b']);
    expect(fitCells(['a'], '2x2')).toEqual(['a', null, null, null]);
  });
});
