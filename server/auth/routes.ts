import { z } from 'zod';
import { LoginRequest, LoginResponse, RefreshRequest, UserSummary } from '../../shared/api/auth.js';
import { ApiError } from '../http/errors.js';
import { defineRoute } from '../http/route.js';

export const authRoutes = [
  defineRoute({
    id: 'auth.login',
    method: 'POST',
    url: '/api/auth/login',
    summary: 'Sign in with user name and password; returns an access token, a refresh token and the user',
    tags: ['auth'],
    access: 'public',
    body: LoginRequest,
    response: LoginResponse,
    handler: ({ hub, body, meta }) => hub.auth.login(body.username, body.password, meta),
  }),
  defineRoute({
    id: 'auth.refresh',
    method: 'POST',
    url: '/api/auth/refresh',
    summary: 'Exchange a refresh token for a new pair (rotation: each refresh token works once)',
    tags: ['auth'],
    access: 'public',
    body: RefreshRequest,
    response: LoginResponse,
    handler: ({ hub, body, meta }) => hub.auth.refresh(body.refreshToken, meta),
  }),
  defineRoute({
    id: 'auth.logout',
    method: 'POST',
    url: '/api/auth/logout',
    summary: 'Sign out: revokes this session and its tokens',
    tags: ['auth'],
    access: { roles: 'any' },
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ hub, user, sessionId, meta }) => {
      await hub.auth.logout(user(), sessionId!, meta);
      return { ok: true };
    },
  }),
  defineRoute({
    id: 'auth.me',
    method: 'GET',
    url: '/api/auth/me',
    summary: 'The signed-in user',
    tags: ['auth'],
    access: { roles: 'any' },
    response: UserSummary,
    handler: async ({ hub, user }) => {
      const me = await hub.auth.currentUser(user().id);
      if (!me) throw new ApiError(401, 'token_invalid');
      return me;
    },
  }),
];
