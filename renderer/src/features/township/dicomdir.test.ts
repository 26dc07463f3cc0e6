import { describe, expect, it } from 'vitest';
import { checkDicomdirs, matchKey, type DicomdirRead } from './dicomdir.js';
import type { DicomHeader, FileLike, ScanResult } from './scan.js';

// Path matching only; a real DICOMDIR written by dcmtk is read in test/e2e/township-dicomdir.test.ts.
const file = (path: string): FileLike => ({ name: path.split('/').pop()!, size: 10, path, slice: () => new Blob([]) });
const dicom = (f: FileLike): ScanResult => ({ kind: 'dicom', file: f, header: { sopInstanceUid: f.path } as DicomHeader });

describe('matchKey', () => {
  it('ignores case, ISO 9660 version suffixes, trailing dots and the separator kind', () => {
    expect(matchKey('cd/images/im000001')).toBe(matchKey('CD\\IMAGES\\IM000001;1'));
    expect(matchKey('CD/IMAGES/IM000002.')).toBe('CD/IMAGES/IM000002');
    expect(matchKey('./CD//A')).toBe('CD/A');
  });
});

describe('checkDicomdirs', () => {
  it('counts what the DICOMDIR lists, reports what is missing and the DICOM files it does not list', () => {
    const dir = file('cd/DICOMDIR');
    const files = [dir, file('cd/images/im000001'), file('cd/IMAGES/SUB/IM000002;1'), file('cd/extra/x.dcm'), file('other/y.dcm')];
    const read: DicomdirRead = {
      file: dir,
      fileIds: [
        ['IMAGES', 'IM000001'],
        ['IMAGES', 'SUB', 'IM000002'],
        ['IMAGES', 'IM000003'],
        ['IMAGES', 'IM000001'],
      ],
    };
    const results = files.slice(1).map(dicom);
    expect(checkDicomdirs([read], files, results)).toEqual([{ path: 'cd/DICOMDIR', listed: 3, found: 2, missing: ['IMAGES\\IM000003'], unlisted: 1 }]);
  });

  it('a DICOMDIR chosen as a single file (no folder) finds none and says so through found = 0', () => {
    const dir = file('DICOMDIR');
    const [report] = checkDicomdirs([{ file: dir, fileIds: [['IMAGES', 'IM1']] }], [dir, file('IM1')], [dicom(file('IM1'))]);
    expect(report).toMatchObject({ listed: 1, found: 0, missing: ['IMAGES\\IM1'], unlisted: 1 });
  });
});
