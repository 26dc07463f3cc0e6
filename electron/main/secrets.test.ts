import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSecretStore, MEMORY_ONLY_NOTES, TOKEN_FILE, type SafeStorageLike } from './secrets.js';

// safeStorage needs Electron and an OS keyring; a fake with the same methods stands in for it.
// Its "encryption" is a reversible transform whose output does not contain the plain token.
function fakeSafeStorage(available: boolean, backend: ReturnType<NonNullable<SafeStorageLike['getSelectedStorageBackend']>>): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (text) => Buffer.from(`enc:${Buffer.from(text).toString('base64')}`),
    decryptString: (data) => {
      const text = data.toString();
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext');
      return Buffer.from(text.slice(4), 'base64').toString();
    },
  };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-secrets-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const TOKEN = 'rt_2f1c9a7e.demo-refresh-token';

describe('refresh token storage', () => {
  it('encrypts with the OS keyring and reads it back after a restart', async () => {
    const safeStorage = fakeSafeStorage(true, 'gnome_libsecret');
    await createSecretStore({ safeStorage, platform: 'linux', userDataDir: dir, warn: vi.fn() }).storeRefreshToken(TOKEN);
    const onDisk = fs.readFileSync(path.join(dir, TOKEN_FILE));
    expect(onDisk.toString()).not.toContain(TOKEN);
    const restarted = createSecretStore({ safeStorage, platform: 'linux', userDataDir: dir, warn: vi.fn() });
    expect(restarted.persistence()).toEqual({ mode: 'os-keyring', note: null });
    await expect(restarted.loadRefreshToken()).resolves.toBe(TOKEN);
  });

  it('refuses to write to disk with the Linux basic_text backend, keeps it in memory, and says so', async () => {
    const warn = vi.fn();
    const safeStorage = fakeSafeStorage(true, 'basic_text');
    const store = createSecretStore({ safeStorage, platform: 'linux', userDataDir: dir, warn });
    await store.storeRefreshToken(TOKEN);
    expect(fs.existsSync(path.join(dir, TOKEN_FILE))).toBe(false);
    await expect(store.loadRefreshToken()).resolves.toBe(TOKEN);
    expect(store.persistence()).toEqual({ mode: 'memory-only', note: MEMORY_ONLY_NOTES.basicText });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('memory only'));
    // After a restart the token is gone: the user signs in again.
    await expect(createSecretStore({ safeStorage, platform: 'linux', userDataDir: dir, warn }).loadRefreshToken()).resolves.toBeNull();
  });

  it('refuses when encryption is not available at all', async () => {
    const store = createSecretStore({ safeStorage: fakeSafeStorage(false, 'unknown'), platform: 'win32', userDataDir: dir, warn: vi.fn() });
    await store.storeRefreshToken(TOKEN);
    expect(fs.existsSync(path.join(dir, TOKEN_FILE))).toBe(false);
    expect(store.persistence().note).toBe(MEMORY_ONLY_NOTES.noEncryption);
  });

  it('removes a token left from an earlier keyring session once the keyring is gone', async () => {
    await createSecretStore({ safeStorage: fakeSafeStorage(true, 'kwallet6'), platform: 'linux', userDataDir: dir, warn: vi.fn() }).storeRefreshToken(TOKEN);
    const store = createSecretStore({ safeStorage: fakeSafeStorage(true, 'basic_text'), platform: 'linux', userDataDir: dir, warn: vi.fn() });
    await expect(store.loadRefreshToken()).resolves.toBeNull();
    await store.storeRefreshToken('newer');
    expect(fs.existsSync(path.join(dir, TOKEN_FILE))).toBe(false);
  });

  it('signs out: null deletes the stored token', async () => {
    const store = createSecretStore({ safeStorage: fakeSafeStorage(true, 'basic_text'), platform: 'darwin', userDataDir: dir, warn: vi.fn() });
    await store.storeRefreshToken(TOKEN);
    expect(fs.existsSync(path.join(dir, TOKEN_FILE))).toBe(true); // basic_text is a Linux-only notion
    await store.storeRefreshToken(null);
    expect(fs.existsSync(path.join(dir, TOKEN_FILE))).toBe(false);
    await expect(store.loadRefreshToken()).resolves.toBeNull();
  });

  it('drops a token that no longer decrypts', async () => {
    fs.writeFileSync(path.join(dir, TOKEN_FILE), 'garbage');
    const warn = vi.fn();
    const store = createSecretStore({ safeStorage: fakeSafeStorage(true, 'gnome_libsecret'), platform: 'linux', userDataDir: dir, warn });
    await expect(store.loadRefreshToken()).resolves.toBeNull();
    expect(fs.existsSync(path.join(dir, TOKEN_FILE))).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('cannot be decrypted'));
  });
});
