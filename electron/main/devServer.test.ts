import { describe, expect, it, vi } from 'vitest';
import { devCspListener, devServerUrl } from './devServer.js';

const directives = (csp: string) => new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

describe('development mode', () => {
  it('uses Vite on loopback, and refuses any dev server that is not on this machine', () => {
    expect(devServerUrl({})).toBe('http://127.0.0.1:5173');
    expect(devServerUrl({ TELEREAD_DEV_SERVER_URL: 'http://localhost:5174/' })).toBe('http://localhost:5174');
    for (const url of ['http://192.168.1.20:5173', 'https://dev.example.com', 'http://127.0.0.1.evil.com:5173', 'file:///tmp/index.html', 'http://u:p@127.0.0.1:5173', 'nonsense']) {
      expect(() => devServerUrl({ TELEREAD_DEV_SERVER_URL: url }), url).toThrow(/TELEREAD_DEV_SERVER_URL/);
    }
  });

  it('dev-server pages get a CSP that allows its HMR socket and inline preamble but no remote script', () => {
    const listener = devCspListener('http://127.0.0.1:5173', () => 'https://hub.qsx.example');
    const callback = vi.fn();
    listener({ url: 'http://127.0.0.1:5173/', responseHeaders: { 'Content-Type': ['text/html'], 'content-security-policy': ["script-src *"] } }, callback);
    const headers = callback.mock.calls[0][0].responseHeaders as Record<string, string[]>;
    expect(headers['Content-Type']).toEqual(['text/html']);
    expect(headers['content-security-policy']).toBeUndefined(); // the server's own policy is replaced, not merged
    const csp = directives(headers['Content-Security-Policy'][0]);
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'", 'https://hub.qsx.example', 'wss://hub.qsx.example', 'http://127.0.0.1:5173', 'ws://127.0.0.1:5173']);
    for (const [name, values] of csp) {
      if (name === 'connect-src') continue;
      // No host, scheme wildcard or eval anywhere a script could come from.
      for (const value of values) expect(value, `${name} ${value}`).toMatch(/^('self'|'none'|'wasm-unsafe-eval'|'unsafe-inline'|blob:|data:)$/);
    }
  });

  it('leaves every other response alone', () => {
    const listener = devCspListener('http://127.0.0.1:5173', () => null);
    const callback = vi.fn();
    listener({ url: 'https://hub.qsx.example/api/worklist', responseHeaders: {} }, callback);
    listener({ url: 'http://127.0.0.1:5174/', responseHeaders: {} }, callback);
    expect(callback.mock.calls).toEqual([[{}], [{}]]);
  });
});
