import path from 'node:path';
import { DEFAULT_TAT_TARGETS, PRIORITIES, type TatTargets } from '../shared/domain/worklist.js';

/** Hub configuration, read once from the environment (ARCHITECTURE.md, "Configuration (hub)"). */
export interface HubConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  pacsDicomwebUrl: string | undefined;
  pacsAuth: string | undefined;
  /** Demo mode: seed demo sites, accounts and studies; the password `demo` is accepted only here. */
  demo: boolean;
  /** Folder of the renderer's web build, served at `/` when present. */
  webRoot: string | undefined;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Seconds in which a refresh whose answer was lost (page reloaded) may be retried from the same address. */
  refreshReuseGraceSeconds: number;
  /** Fixed signing secret (several hubs on one database must share it); otherwise one is kept in the database. */
  tokenSecret: string | undefined;
  logLevel: string;
  /** Origins allowed to call the hub cross-origin (the desktop app's app://teleread; more via TELEREAD_ALLOWED_ORIGINS). */
  allowedOrigins: string[];
  /** Reading-task lease: a claim lapses after this many seconds without renewal. */
  leaseSeconds: number;
  /** Arrival → final report targets in minutes per priority. */
  tatTargets: TatTargets;
}

/** `TELEREAD_TAT_TARGETS="stat=30,urgent=120,routine=1440"` (minutes). */
export function parseTatTargets(text: string | undefined): TatTargets {
  const out = { ...DEFAULT_TAT_TARGETS };
  if (!text) return out;
  for (const part of text.split(',')) {
    const [k, v] = part.split('=').map((x) => x.trim());
    const n = Number(v);
    if (!(PRIORITIES as readonly string[]).includes(k) || !Number.isFinite(n) || n <= 0) {
      throw new Error(`TELEREAD_TAT_TARGETS: "${part}" is not <stat|urgent|routine>=<minutes>`);
    }
    out[k as keyof TatTargets] = n;
  }
  return out;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<HubConfig> = {}): HubConfig {
  const port = Number(env.PORT ?? 8642);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.TELEREAD_DATA_DIR ?? './.teleread'),
    databaseUrl: env.DATABASE_URL || undefined,
    pacsDicomwebUrl: env.PACS_DICOMWEB_URL || undefined,
    pacsAuth: env.PACS_AUTH || undefined,
    demo: env.TELEREAD_DEMO === '1',
    webRoot: env.TELEREAD_WEB_ROOT || undefined,
    accessTokenTtlSeconds: Number(env.TELEREAD_ACCESS_TTL ?? 900),
    refreshTokenTtlSeconds: Number(env.TELEREAD_REFRESH_TTL ?? 60 * 60 * 24 * 14),
    refreshReuseGraceSeconds: Number(env.TELEREAD_REFRESH_REUSE_GRACE ?? 10),
    tokenSecret: env.TELEREAD_TOKEN_SECRET || undefined,
    logLevel: env.TELEREAD_LOG_LEVEL ?? 'info',
    allowedOrigins: ['app://teleread', ...(env.TELEREAD_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean)],
    leaseSeconds: Number(env.TELEREAD_LEASE_SECONDS ?? 600),
    tatTargets: parseTatTargets(env.TELEREAD_TAT_TARGETS),
    ...overrides,
  };
}
