import { describe, expect, it } from 'vitest';
import { makeTranslate } from '../i18n/translate.js';
import { ApiError, clientError, describeError, endsSession, errorFromResponse } from './errors.js';

const zh = makeTranslate('zh-CN');
const en = makeTranslate('en');

describe('errorFromResponse', () => {
  it('keeps the hub code and its localised message', () => {
    const err = errorFromResponse(401, { error: { code: 'bad_credentials', message: '用户名或密码错误。' } });
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(401);
    expect(err.code).toBe('bad_credentials');
    expect(describeError(err, en)).toBe('用户名或密码错误。'); // the hub already localised it
  });

  it('turns a body that is not a hub error (proxy HTML, empty) into an HTTP error with its status', () => {
    const err = errorFromResponse(502, '<html>Bad Gateway</html>');
    expect(err.code).toBe('http');
    expect(describeError(err, zh)).toBe('服务器出错（HTTP 502），请稍后重试。');
    expect(describeError(errorFromResponse(500, undefined), en)).toBe('The hub failed (HTTP 500). Please try again shortly.');
  });
});

describe('describeError', () => {
  it('localises errors the client detects itself', () => {
    expect(describeError(clientError('hub_unreachable'), zh)).toContain('无法连接服务器');
    expect(describeError(clientError('hub_unreachable'), en)).toContain('Cannot reach the hub');
    expect(describeError(clientError('bad_response'), en)).toContain('same version');
    expect(describeError(clientError('session_ended'), zh)).toBe('会话已结束，请重新登录。');
  });

  it('never shows a raw exception to the user', () => {
    expect(describeError(new TypeError('x is undefined'), zh)).toBe('发生未知错误，请重试；如持续出现请联系管理员。');
  });
});

describe('endsSession', () => {
  it('is true for codes after which the user must sign in again, false otherwise', () => {
    for (const code of ['token_invalid', 'session_revoked', 'refresh_reused', 'refresh_invalid', 'account_disabled']) {
      expect(endsSession(new ApiError(401, code, 'm')), code).toBe(true);
    }
    expect(endsSession(new ApiError(403, 'forbidden', 'm'))).toBe(false);
    expect(endsSession(clientError('hub_unreachable'))).toBe(false);
    expect(endsSession(new Error('x'))).toBe(false);
  });
});
