import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { thumbFromCompressed } from '../../renderer/src/features/township/compressedThumb.js';
import type { ThumbOptions } from '../../renderer/src/features/township/thumbnail.js';
import { repoRoot } from '../harness/testdata.js';

/**
 * Cornerstone's decoders for upload thumbnails under Node, as the upload screen's worker calls
 * them (compressedThumb.ts), with the codecs' real .wasm files copied into a temp folder: Node
 * cannot follow the bundler URLs the decoders use. `dispose()` removes the folder.
 */
export function nodeCodecs(): { codecs: ThumbOptions; dispose(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'township-codecs-'));
  for (const [pkg, name] of [
    ['codec-charls', 'charlswasm_decode.wasm'],
    ['codec-openjpeg', 'openjpegwasm_decode.wasm'],
    ['codec-openjph', 'openjphjs.wasm'],
    ['codec-libjpeg-turbo-8bit', 'libjpegturbowasm_decode.wasm'],
  ]) {
    fs.copyFileSync(path.join(repoRoot, 'node_modules/@cornerstonejs', pkg, 'dist', name), path.join(dir, name));
  }
  return {
    codecs: { decodeCompressed: async (frame, info, size) => thumbFromCompressed(new Uint8Array(await frame.arrayBuffer()), info, size, { wasmBasePath: `${dir}/` }) },
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
