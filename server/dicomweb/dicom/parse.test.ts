import { describe, expect, it } from 'vitest';
import { FAILURE } from './codes.js';
import { DicomRejection, parseInstance } from './parse.js';

/** A minimal Explicit VR Little Endian Part-10 file, written by hand so the text bytes are exactly as given. */
function element(group: number, el: number, vr: string, value: Buffer): Buffer {
  const padded = value.length % 2 ? Buffer.concat([value, Buffer.from(vr === 'UI' || vr === 'OB' ? [0] : [0x20])]) : value;
  const long = ['OB', 'OW', 'SQ', 'UN', 'UT'].includes(vr);
  const head = Buffer.alloc(long ? 12 : 8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(el, 2);
  head.write(vr, 4, 'latin1');
  if (long) head.writeUInt32LE(padded.length, 8);
  else head.writeUInt16LE(padded.length, 6);
  return Buffer.concat([head, padded]);
}

function part10(charset: string, name: Buffer, pixels?: { rows: number; cols: number; bytes: number }): Buffer {
  const ts = Buffer.from('1.2.840.10008.1.2.1');
  const metaBody = Buffer.concat([
    element(0x0002, 0x0002, 'UI', Buffer.from('1.2.840.10008.5.1.4.1.1.7')),
    element(0x0002, 0x0003, 'UI', Buffer.from('1.2.3.4.3')),
    element(0x0002, 0x0010, 'UI', ts),
  ]);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(metaBody.length);
  const us = (n: number) => {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(n);
    return b;
  };
  const body = [
    element(0x0008, 0x0005, 'CS', Buffer.from(charset)),
    element(0x0008, 0x0016, 'UI', Buffer.from('1.2.840.10008.5.1.4.1.1.7')),
    element(0x0008, 0x0018, 'UI', Buffer.from('1.2.3.4.3')),
    element(0x0010, 0x0010, 'PN', name),
    element(0x0020, 0x000d, 'UI', Buffer.from('1.2.3.4.1')),
    element(0x0020, 0x000e, 'UI', Buffer.from('1.2.3.4.2')),
  ];
  if (pixels) {
    body.push(element(0x0028, 0x0010, 'US', us(pixels.rows)), element(0x0028, 0x0011, 'US', us(pixels.cols)), element(0x0028, 0x0100, 'US', us(16)));
    body.push(element(0x7fe0, 0x0010, 'OW', Buffer.alloc(pixels.bytes)));
  }
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), element(0x0002, 0x0000, 'UL', groupLength), metaBody, ...body]);
}

describe('parseInstance', () => {
  it('decodes Chinese names in GB18030 and UTF-8 into alphabetic and ideographic groups', () => {
    const gb = new TextEncoder(); // UTF-8 for ISO_IR 192
    const utf8 = parseInstance(part10('ISO_IR 192', Buffer.from(gb.encode('Zhang^San=张^三'))));
    expect(utf8.metadata['00100010'].Value?.[0]).toEqual({ Alphabetic: 'Zhang^San', Ideographic: '张^三' });
    // 张三 in GB18030: D5C5 C8FD
    const gbName = Buffer.concat([Buffer.from('Zhang^San='), Buffer.from([0xd5, 0xc5]), Buffer.from('^'), Buffer.from([0xc8, 0xfd])]);
    const gb18030 = parseInstance(part10('GB18030', gbName));
    expect(gb18030.metadata['00100010'].Value?.[0]).toEqual({ Alphabetic: 'Zhang^San', Ideographic: '张^三' });
    expect(gb18030.studyUid).toBe('1.2.3.4.1');
  });

  it('indexes native frames and refuses pixel data shorter than Rows × Columns', () => {
    const ok = parseInstance(part10('ISO_IR 100', Buffer.from('A^B'), { rows: 4, cols: 4, bytes: 32 }));
    expect(ok.frames).toMatchObject({ kind: 'native', frameLength: 32, count: 1, swap16: false });
    try {
      parseInstance(part10('ISO_IR 100', Buffer.from('A^B'), { rows: 4, cols: 4, bytes: 16 }));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DicomRejection);
      expect((err as DicomRejection).failureReason).toBe(FAILURE.cannotUnderstand);
      expect((err as DicomRejection).message).toContain('need 32');
    }
  });

  it('refuses what is not a Part-10 file', () => {
    expect(() => parseInstance(Buffer.from('hello, not DICOM'))).toThrow(/Part-10/);
  });
});
