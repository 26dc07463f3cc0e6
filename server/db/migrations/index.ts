import type { Migration } from '../migrate.js';
import { m001 } from './001_identity_audit.js';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [m001];
