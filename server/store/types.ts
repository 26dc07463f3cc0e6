import type { BuiltinFiles } from './builtin.js';
import type { UpstreamClient } from './upstream.js';

/** The image store behind /dicomweb: files in the data folder, or an upstream DICOMweb PACS. */
export type ImageStore =
  | { kind: 'builtin'; location: string; files: BuiltinFiles; health(): Promise<boolean> }
  | { kind: 'upstream'; location: string; client: UpstreamClient; health(): Promise<boolean> };
