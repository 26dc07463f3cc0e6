import { createHash } from 'node:crypto';

/**
 * Deterministic UIDs for the demo data. Each UID is `2.25.` followed by the decimal form of a
 * name-based (version 5, SHA-1) UUID (PS3.5 B.2, ISO/IEC 9834-8), computed in the fixed namespace
 * below from a readable name such as `ct-chest/series`. The same name always gives the same UID on
 * every machine, and no organisational root has to be registered.
 */
export const DEMO_UID_NAMESPACE = '6f1c3e2a-9b4d-5c8e-a7f0-2d3b4c5e6f70';

export function uuidV5(name: string, namespace = DEMO_UID_NAMESPACE): Buffer {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  return Buffer.from(bytes);
}

/** `2.25.<decimal of the UUID>`; at most 44 characters, well under the 64-character UI limit. */
export function demoUid(name: string): string {
  return `2.25.${BigInt('0x' + uuidV5(name).toString('hex')).toString(10)}`;
}
