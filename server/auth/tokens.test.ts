import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.js';
import { hashRefreshToken, newRefreshToken, TokenSigner } from './tokens.js';

describe('access tokens', () => {
  const signer = new TokenSigner('k'.repeat(40));
  const claims = { sub: 'u1', sid: 's1', iat: 1000, exp: 2000 };
  it('verify what they sign, and refuse tampering, other keys and expiry', () => {
    const t = signer.sign(claims);
    expect(signer.verify(t, 1500)).toEqual({ ok: true, claims });
    expect(signer.verify(t, 2000)).toEqual({ ok: false, reason: 'token_expired' });
    const [body, mac] = t.split('.');
    const evil = Buffer.from(JSON.stringify({ v: 1, ...claims, sub: 'admin' })).toString('base64url');
    expect(signer.verify(`${evil}.${mac}`, 1500)).toEqual({ ok: false, reason: 'token_invalid' });
    expect(new TokenSigner('j'.repeat(40)).verify(t, 1500)).toEqual({ ok: false, reason: 'token_invalid' });
    expect(signer.verify(`${body}`, 1500).ok).toBe(false);
    expect(signer.verify('garbage.garbage', 1500).ok).toBe(false);
  });
  it('refresh tokens are random and stored only as a hash', () => {
    const a = newRefreshToken();
    const b = newRefreshToken();
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(hashRefreshToken(a.token));
    expect(a.hash).not.toContain(a.token);
  });
});

describe('password hashing (scrypt)', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const h1 = await hashPassword('correct horse');
    const h2 = await hashPassword('correct horse');
    expect(h1).not.toBe(h2);
    expect(h1).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('correct horse', h1)).toBe(true);
    expect(await verifyPassword('correct horsf', h1)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });
});
