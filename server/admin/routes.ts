import { z } from 'zod';
import {
  CreateSiteRequest,
  CreateUserRequest,
  ResetPasswordRequest,
  Site,
  UpdateSiteRequest,
  UpdateUserRequest,
  UserSummary,
} from '../../shared/api/auth.js';
import { defineRoute } from '../http/route.js';
import { createSite, createUser, listSites, listUsers, resetPassword, updateSite, updateUser } from './accounts.js';
import { directorRoutes } from './director.js';

const IdParams = z.object({ id: z.string().uuid() });
const SUPERVISOR = { roles: ['supervisor'] } as const;

export const adminRoutes = [
  defineRoute({
    id: 'sites.list',
    method: 'GET',
    url: '/api/sites',
    summary: 'The alliance sites (county hospital and township clinics)',
    tags: ['admin'],
    access: { roles: 'any' },
    response: z.array(Site),
    handler: async ({ hub, authorize }) => {
      await authorize('sites.read', {});
      return listSites(hub.db);
    },
  }),
  defineRoute({
    id: 'sites.create',
    method: 'POST',
    url: '/api/sites',
    summary: 'Add a site',
    tags: ['admin'],
    access: SUPERVISOR,
    body: CreateSiteRequest,
    response: Site,
    status: 201,
    handler: async ({ hub, body, authorize, user, meta }) => {
      await authorize('sites.manage', {});
      return createSite(hub, user(), meta, body);
    },
  }),
  defineRoute({
    id: 'sites.update',
    method: 'PATCH',
    url: '/api/sites/:id',
    summary: 'Rename, or activate/deactivate, a site',
    tags: ['admin'],
    access: SUPERVISOR,
    params: IdParams,
    body: UpdateSiteRequest,
    response: Site,
    handler: async ({ hub, body, params, authorize, user, meta }) => {
      await authorize('sites.manage', {});
      return updateSite(hub, user(), meta, params.id, body);
    },
  }),
  defineRoute({
    id: 'users.list',
    method: 'GET',
    url: '/api/users',
    summary: 'All accounts',
    tags: ['admin'],
    access: SUPERVISOR,
    response: z.array(UserSummary),
    handler: async ({ hub, authorize }) => {
      await authorize('users.manage', {});
      return listUsers(hub.db);
    },
  }),
  defineRoute({
    id: 'users.create',
    method: 'POST',
    url: '/api/users',
    summary: 'Create an account',
    tags: ['admin'],
    access: SUPERVISOR,
    body: CreateUserRequest,
    response: UserSummary,
    status: 201,
    handler: async ({ hub, body, authorize, user, meta }) => {
      await authorize('users.manage', {});
      return createUser(hub, user(), meta, body);
    },
  }),
  defineRoute({
    id: 'users.update',
    method: 'PATCH',
    url: '/api/users/:id',
    summary: 'Change name, role or site, or disable/enable an account (disabling signs it out everywhere)',
    tags: ['admin'],
    access: SUPERVISOR,
    params: IdParams,
    body: UpdateUserRequest,
    response: UserSummary,
    handler: async ({ hub, body, params, authorize, user, meta }) => {
      await authorize('users.manage', {});
      return updateUser(hub, user(), meta, params.id, body);
    },
  }),
  defineRoute({
    id: 'users.resetPassword',
    method: 'POST',
    url: '/api/users/:id/password',
    summary: 'Set a new password (signs the account out everywhere and lifts a lockout)',
    tags: ['admin'],
    access: SUPERVISOR,
    params: IdParams,
    body: ResetPasswordRequest,
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ hub, body, params, authorize, user, meta }) => {
      await authorize('users.manage', {});
      await resetPassword(hub, user(), meta, params.id, body.password);
      return { ok: true };
    },
  }),
  ...directorRoutes,
];
