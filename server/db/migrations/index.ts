import type { Migration } from '../migrate.js';
import { m001 } from './001_identity_audit.js';
import { m002 } from './002_studies.js';
import { m003 } from './003_worklist_events.js';
import { m004 } from './004_critical.js';
import { m005 } from './005_reports.js';
import { m006 } from './006_worklist_order_index.js';
import { m007 } from './007_site_director.js';
import { m008 } from './008_report_measurements.js';
import { m009 } from './009_auth_cache_notify.js';
import { m010 } from './010_worklist_perf.js';
import { m011 } from './011_exam_request_location.js';
import { m012 } from './012_refresh_reuse_grace.js';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012];
