import { describe, expect, it } from 'vitest';
import { negotiateFrames, parseAccept } from './accept.js';

const JLS = '1.2.840.10008.1.2.4.80';
const ELE = '1.2.840.10008.1.2.1';

describe('Accept parsing and frame negotiation', () => {
  it('reads quoted, unquoted and nested-in-type parameters and sorts by q', () => {
    const r = parseAccept('multipart/related; type=application/octet-stream; transfer-syntax=*;q=0.4, multipart/related; type="image/jls"; transfer-syntax="1.2.840.10008.1.2.4.80"');
    expect(r.map((x) => [x.params.type, x.params['transfer-syntax'], x.q])).toEqual([
      ['image/jls', JLS, 1],
      ['application/octet-stream', '*', 0.4],
    ]);
    const orthancStyle = parseAccept('multipart/related; type="application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1"');
    expect(orthancStyle[0].params).toMatchObject({ type: 'application/octet-stream', 'transfer-syntax': ELE });
  });

  it('returns stored compressed frames for transfer-syntax=*, their media type, or no preference', () => {
    expect(negotiateFrames('multipart/related; type="application/octet-stream"; transfer-syntax=*', JLS)).toEqual({ mediaType: 'application/octet-stream', transferSyntax: JLS });
    expect(negotiateFrames('multipart/related; type="image/jls"', JLS)).toEqual({ mediaType: 'image/jls', transferSyntax: JLS });
    expect(negotiateFrames(undefined, JLS)?.transferSyntax).toBe(JLS);
  });

  it('refuses uncompressed delivery of compressed frames (no transcoding) and labels native as Explicit VR LE', () => {
    expect(negotiateFrames('multipart/related; type="application/octet-stream"', JLS)).toBeNull();
    expect(negotiateFrames('multipart/related; type="image/jpeg"', JLS)).toBeNull();
    expect(negotiateFrames('multipart/related; type="application/octet-stream"', '1.2.840.10008.1.2.2')).toEqual({ mediaType: 'application/octet-stream', transferSyntax: ELE });
    expect(negotiateFrames('multipart/related; type="image/jls", multipart/related; type="application/octet-stream"; q=0.1', '1.2.840.10008.1.2')?.transferSyntax).toBe(ELE);
  });
});
