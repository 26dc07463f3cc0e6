import { describe, expect, it } from 'vitest';
import { DicomwebError } from './dicomweb.js';
import { describeLoadError } from './seriesLoader.js';
import { isTemporaryFailure } from './retry.js';

describe('isTemporaryFailure (the viewport offers 重试 / Retry)', () => {
  it('is true for an unavailable hub or PACS and for a dropped network', () => {
    // Shapes the loaders produce: DicomwebError (metadata), an XHR-like object with status (frames), fetch TypeError.
    expect(isTemporaryFailure(describeLoadError(new DicomwebError(502, 'HTTP 502')))).toBe(true);
    expect(isTemporaryFailure(describeLoadError({ status: 503 }))).toBe(true);
    expect(isTemporaryFailure(describeLoadError({ status: 504 }))).toBe(true);
    expect(isTemporaryFailure(describeLoadError(new TypeError('Failed to fetch')))).toBe(true);
    expect(isTemporaryFailure('request failed: upstream_unavailable')).toBe(true);
  });

  it('is false for refusals, missing objects and undecodable frames', () => {
    expect(isTemporaryFailure(describeLoadError({ status: 404 }))).toBe(false);
    expect(isTemporaryFailure(describeLoadError({ status: 401 }))).toBe(false);
    expect(isTemporaryFailure(describeLoadError(new Error('series 1.2.3 not found')))).toBe(false);
    expect(isTemporaryFailure('JPEG 2000 decoder: invalid codestream')).toBe(false);
    expect(isTemporaryFailure('series 1.2.840.504.3 not found')).toBe(false);
  });
});
