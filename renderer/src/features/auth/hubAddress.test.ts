import { describe, expect, it } from 'vitest';
import { bridgeErrorMessage, normaliseHubAddress } from './hubAddress.js';

describe('hub address', () => {
  it('accepts http(s) URLs and bare host:port, keeping a path prefix', () => {
    expect(normaliseHubAddress(' https://hub.example.cn/ ')).toBe('https://hub.example.cn');
    expect(normaliseHubAddress('192.168.1.10:8642')).toBe('http://192.168.1.10:8642');
    expect(normaliseHubAddress('https://proxy.example.cn/teleread/?x=1#y')).toBe('https://proxy.example.cn/teleread');
  });

  it('refuses other schemes, credentials and junk', () => {
    expect(normaliseHubAddress('')).toBeNull();
    expect(normaliseHubAddress('ftp://hub.example.cn')).toBeNull();
    expect(normaliseHubAddress('file:///etc/passwd')).toBeNull();
    expect(normaliseHubAddress('https://admin:secret@hub.example.cn')).toBeNull();
    expect(normaliseHubAddress('http://')).toBeNull();
    expect(normaliseHubAddress('not a host at all')).toBeNull();
  });

  it('strips the Electron IPC wrapper from error messages', () => {
    expect(bridgeErrorMessage(new Error("Error invoking remote method 'settings:setHub': Error: 演示服务器无法启动"))).toBe('演示服务器无法启动');
    expect(bridgeErrorMessage('plain')).toBe('plain');
  });
});
