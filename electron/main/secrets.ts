import fs from 'node:fs/promises';
import path from 'node:path';
import type { SafeStorage } from 'electron';

/**
 * The hub refresh token, encrypted with the OS keyring through `safeStorage`. Where there is no
 * keyring (Linux `basic_text`: a hard-coded key, i.e. plain text in effect), the token is kept in
 * memory only, so the user signs in again after a restart; the app says so instead of pretending.
 */
export type TokenPersistence = 'os-keyring' | 'memory-only';

export const TOKEN_FILE = 'refresh-token.bin';

export const MEMORY_ONLY_NOTES = {
  noEncryption: {
    'zh-CN': '本机没有可用的系统密钥环，登录状态只保存在内存中，退出程序后需要重新登录。',
    en: 'No OS keyring is available: the sign-in is kept in memory only, so you will sign in again after quitting.',
  },
  basicText: {
    'zh-CN': '本机没有可用的系统密钥环（仅有明文存储），为安全起见登录状态不写入磁盘，退出程序后需要重新登录。安装并解锁 GNOME Keyring 或 KWallet 后可记住登录。',
    en: 'No OS keyring is available (only plain-text storage), so for safety the sign-in is not written to disk and you will sign in again after quitting. Install and unlock GNOME Keyring or KWallet to stay signed in.',
  },
} as const;

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  getSelectedStorageBackend?: SafeStorage['getSelectedStorageBackend'];
};

export interface SecretStoreOptions {
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  userDataDir: string;
  warn: (message: string) => void;
}

export interface SecretStore {
  storeRefreshToken(token: string | null): Promise<void>;
  loadRefreshToken(): Promise<string | null>;
  persistence(): { mode: TokenPersistence; note: { 'zh-CN': string; en: string } | null };
}

/** Decides, after `ready`, whether tokens may be written to disk. */
export function tokenPersistence(safeStorage: SafeStorageLike, platform: NodeJS.Platform): ReturnType<SecretStore['persistence']> {
  if (!safeStorage.isEncryptionAvailable()) return { mode: 'memory-only', note: MEMORY_ONLY_NOTES.noEncryption };
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    // `unknown` only before `ready`; refuse it too rather than guess.
    if (backend === 'basic_text' || backend === 'unknown') return { mode: 'memory-only', note: MEMORY_ONLY_NOTES.basicText };
  }
  return { mode: 'os-keyring', note: null };
}

export function createSecretStore(options: SecretStoreOptions): SecretStore {
  const file = path.join(options.userDataDir, TOKEN_FILE);
  let memoryToken: string | null = null;
  let warned = false;
  const persistence = () => tokenPersistence(options.safeStorage, options.platform);
  const refuse = (note: { en: string }) => {
    if (!warned) options.warn(`refresh token kept in memory only: ${note.en}`);
    warned = true;
  };

  return {
    persistence,
    async storeRefreshToken(token) {
      memoryToken = token;
      const decision = persistence();
      if (token === null || decision.mode === 'memory-only') {
        // Sign-out, or no keyring: make sure no earlier token lingers on disk.
        await fs.rm(file, { force: true });
        if (token !== null && decision.note) refuse(decision.note);
        return;
      }
      const encrypted = options.safeStorage.encryptString(token);
      await fs.mkdir(options.userDataDir, { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      await fs.writeFile(temp, encrypted, { mode: 0o600 });
      await fs.rename(temp, file);
    },
    async loadRefreshToken() {
      if (memoryToken !== null) return memoryToken;
      const decision = persistence();
      if (decision.mode === 'memory-only') return null;
      let encrypted: Buffer;
      try {
        encrypted = await fs.readFile(file);
      } catch {
        return null;
      }
      try {
        memoryToken = options.safeStorage.decryptString(encrypted);
        return memoryToken;
      } catch (err) {
        // Keyring changed or file damaged: forget it, the user signs in again.
        options.warn(`stored refresh token cannot be decrypted (${(err as Error).message}); removing it`);
        await fs.rm(file, { force: true });
        return null;
      }
    },
  };
}
