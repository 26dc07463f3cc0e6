import { z } from 'zod';
import { ROLES, SITE_KINDS } from '../domain/roles.js';
import { IsoDateTime, Uuid } from './common.js';

export const Role = z.enum(ROLES);
export const SiteKind = z.enum(SITE_KINDS);

export const Site = z.object({
  id: Uuid,
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  kind: SiteKind,
  active: z.boolean(),
});
export type Site = z.infer<typeof Site>;

export const UserSummary = z.object({
  id: Uuid,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  siteId: Uuid,
  siteCode: z.string(),
  siteName: z.string(),
  active: z.boolean(),
});
export type UserSummary = z.infer<typeof UserSummary>;

const Username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only');

export const LoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const TokenPair = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  accessTokenExpiresAt: IsoDateTime,
  refreshTokenExpiresAt: IsoDateTime,
});

export const LoginResponse = TokenPair.extend({ user: UserSummary });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const RefreshRequest = z.object({ refreshToken: z.string().min(10).max(512) });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

export const Password = z.string().min(8).max(256);

export const CreateUserRequest = z.object({
  username: Username,
  displayName: z.string().trim().min(1).max(100),
  role: Role,
  siteId: Uuid,
  password: Password,
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

export const UpdateUserRequest = z
  .object({
    displayName: z.string().trim().min(1).max(100).optional(),
    active: z.boolean().optional(),
    role: Role.optional(),
    siteId: Uuid.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const ResetPasswordRequest = z.object({ password: Password });

export const CreateSiteRequest = z.object({
  code: z.string().trim().min(2).max(32).regex(/^[A-Za-z0-9_-]+$/),
  name: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().max(100).nullable().optional(),
  kind: SiteKind,
});
export type CreateSiteRequest = z.infer<typeof CreateSiteRequest>;

export const UpdateSiteRequest = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    nameEn: z.string().trim().max(100).nullable().optional(),
    active: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
