import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived access tokens: `base64url(claims).base64url(HMAC-SHA256)`. They name the session, and
 * every request checks the session in the database, so logout and disabling a user take effect at once.
 */
export interface AccessClaims {
  sub: string; // user id
  sid: string; // session id
  iat: number; // seconds
  exp: number; // seconds
}

export type TokenCheck = { ok: true; claims: AccessClaims } | { ok: false; reason: 'token_invalid' | 'token_expired' };

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export class TokenSigner {
  private readonly key: Buffer;
  constructor(secret: string) {
    if (secret.length < 32) throw new Error('token secret too short');
    this.key = Buffer.from(secret, 'utf8');
  }

  sign(claims: AccessClaims): string {
    const body = b64(JSON.stringify({ v: 1, ...claims }));
    return `${body}.${b64(createHmac('sha256', this.key).update(body).digest())}`;
  }

  verify(token: string, nowSeconds = Math.floor(Date.now() / 1000)): TokenCheck {
    const dot = token.indexOf('.');
    if (dot <= 0 || token.length > 2048) return { ok: false, reason: 'token_invalid' };
    const body = token.slice(0, dot);
    const mac = Buffer.from(token.slice(dot + 1), 'base64url');
    const want = createHmac('sha256', this.key).update(body).digest();
    if (mac.length !== want.length || !timingSafeEqual(mac, want)) return { ok: false, reason: 'token_invalid' };
    let claims: AccessClaims & { v?: number };
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'token_invalid' };
    }
    if (claims.v !== 1 || typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.exp !== 'number') {
      return { ok: false, reason: 'token_invalid' };
    }
    if (claims.exp <= nowSeconds) return { ok: false, reason: 'token_expired' };
    return { ok: true, claims: { sub: claims.sub, sid: claims.sid, iat: claims.iat, exp: claims.exp } };
  }
}

/** Refresh tokens are random; only their SHA-256 is stored. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newSecret(): string {
  return randomBytes(48).toString('base64url');
}
