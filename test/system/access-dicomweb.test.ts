import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/domain/roles.js';
import { stowBody } from '../../shared/dicomweb/stow-body.js';
import { TokenSigner } from '../../server/auth/tokens.js';
import { dicomwebRoutes } from '../../server/dicomweb/routes.js';
import type { AnyRoute } from '../../server/http/route.js';
import { dicomVariant, testUid } from '../harness/dicom-variant.js';
import { startHub, type HubUnderTest } from './dicomweb-harness.js';

/**
 * DICOMweb access matrix, generated from the gateway's route table: every /dicomweb path form ×
 * every role × a study of the caller's own site / another site / no site × a valid, missing,
 * expired or forged token. A route the matrix has no expectation for fails the suite, so a new
 * path cannot ship untested. Zero leaks: a study the caller may not see answers exactly like one
 * that does not exist (404, same body), flat searches never list it, and every refusal leaves one
 * `denied` row in the audit trail.
 */

type Target = 'own' | 'other' | 'unattributed';
const TARGETS: Target[] = ['own', 'other', 'unattributed'];
/** The demo user of each role; the township user belongs to QSX-DPZ (the "own" site). */
const USER: Record<Role, string> = { radiologist: 'rad1', senior_radiologist: 'rad2', ecg_reader: 'ecg1', township_staff: 'town1', supervisor: 'admin' };

/** Independent of server/access/policy.ts (the code under test): who may read which study. */
function mayRead(role: Role, target: Target): boolean {
  if (role === 'supervisor') return true;
  if (role === 'township_staff') return target === 'own';
  return target !== 'unattributed';
}

type Kind = 'flat-search' | 'study-read' | 'rendered' | 'stow' | 'stow-study';
/** Every gateway route must be named here; a new one fails the suite until its rule is written down. */
const KIND: Record<string, Kind> = {
  'dicomweb.qido.studies': 'flat-search',
  'dicomweb.qido.series': 'flat-search',
  'dicomweb.qido.instances': 'flat-search',
  'dicomweb.qido.study-series': 'study-read',
  'dicomweb.qido.study-instances': 'study-read',
  'dicomweb.qido.series-instances': 'study-read',
  'dicomweb.stow': 'stow',
  'dicomweb.stow.study': 'stow-study',
  'dicomweb.retrieve.study': 'study-read',
  'dicomweb.retrieve.series': 'study-read',
  'dicomweb.retrieve.instance': 'study-read',
  'dicomweb.metadata.study': 'study-read',
  'dicomweb.metadata.series': 'study-read',
  'dicomweb.metadata.instance': 'study-read',
  'dicomweb.frames': 'study-read',
  'dicomweb.bulkdata': 'study-read',
  'dicomweb.bulk': 'study-read',
  'dicomweb.rendered.instance': 'rendered',
  'dicomweb.rendered.frames': 'rendered',
};

interface Study {
  study: string;
  series: string;
  sop: string;
  patientId: string;
  patientName: string;
  bulk: string;
}

let h: HubUnderTest;
const studies = {} as Record<Target | 'missing', Study>;

async function stowAs(user: string, files: Uint8Array[], url = '/dicomweb/studies') {
  const { body, contentType } = stowBody(files);
  return h.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${h.tokens[user]}`, 'content-type': contentType, accept: 'application/dicom+json' },
    payload: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
  });
}

function makeStudy(tag: string): Study {
  const study = testUid();
  return { study, series: `${study}.1`, sop: `${study}.1.1`, patientId: `PID-${tag}-${study.slice(-6)}`, patientName: `SECRET^${tag.toUpperCase()}${study.slice(-6)}`, bulk: '' };
}

beforeAll(async () => {
  h = await startHub();
  for (const t of [...TARGETS, 'missing'] as const) studies[t] = makeStudy(t);
  const put = async (user: string, s: Study) => {
    const res = await stowAs(user, [dicomVariant({ studyUid: s.study, patientId: s.patientId, patientName: s.patientName })]);
    expect(res.statusCode, res.body).toBe(200);
  };
  await put('town1', studies.own);
  await put('town2', studies.other);
  await put('town1', studies.unattributed);
  // A study polled from the PACS that no attribution rule matched: no site.
  await h.hub.db.query('UPDATE studies SET site_id = NULL WHERE study_instance_uid = $1', [studies.unattributed.study]);
  for (const t of TARGETS) {
    const s = studies[t];
    const meta = await h.app.inject({ method: 'GET', url: `/dicomweb/studies/${s.study}/series/${s.series}/instances/${s.sop}/metadata`, headers: { authorization: `Bearer ${h.tokens.admin}` } });
    expect(meta.statusCode, meta.body).toBe(200);
    const uri = /"BulkDataURI":"([^"]+)"/.exec(meta.body)?.[1];
    if (!uri) throw new Error(`no BulkDataURI in the metadata of ${t}`);
    s.bulk = uri.slice(uri.indexOf('/bulkdata/') + '/bulkdata/'.length);
  }
  studies.missing.bulk = studies.own.bulk;
});

afterAll(async () => {
  await h?.close();
});

/** The concrete URL of a route for one study; a parameter the matrix does not know fails. */
function urlFor(route: AnyRoute, s: Study): string {
  const values: Record<string, string> = { study: s.study, series: s.series, instance: s.sop, frames: '1' };
  let url = route.url.replace(/:(\w+)/g, (_m, name: string) => {
    if (!(name in values)) throw new Error(`${route.id}: the access matrix has no value for :${name}`);
    return values[name];
  });
  if (url.endsWith('*')) url = url.slice(0, -1) + s.bulk;
  if (KIND[route.id] === 'flat-search') url += `?StudyInstanceUID=${s.study}`;
  return url;
}

const deniedCount = async () => (await h.hub.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE outcome = 'denied'"))[0].n;
const lastDenied = async () =>
  (await h.hub.db.query<{ action: string; study_uid: string | null; username: string | null; detail: { reason?: string } }>("SELECT action, study_uid, username, detail FROM audit_log WHERE outcome = 'denied' ORDER BY seq DESC LIMIT 1"))[0];

function leaks(body: string, s: Study): string[] {
  return [s.patientId, s.patientName.split('^')[1], s.series, s.sop].filter((x) => body.includes(x));
}

describe('DICOMweb access matrix (generated from the gateway route table)', () => {
  it('every path × role × own/other/unattributed × valid/missing/expired/forged token: no leak, every refusal audited', async () => {
    const routes = dicomwebRoutes.filter((r) => r.url.startsWith('/dicomweb'));
    const unknown = routes.filter((r) => !KIND[r.id]).map((r) => `${r.id} ${r.url}`);
    expect(unknown, 'gateway routes without an expectation in the access matrix').toEqual([]);
    expect(routes.length).toBe(Object.keys(KIND).length);

    // The harness starts the hub with a fixed secret; an expired token must carry a valid signature.
    const secret = h.hub.config.tokenSecret;
    if (!secret) throw new Error('the test hub has no token secret');
    const signer = new TokenSigner(secret);
    const forger = new TokenSigner('not-the-hub-secret-'.padEnd(48, 'q'));
    const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as { sub: string; sid: string; iat: number; exp: number };
    const failures: string[] = [];
    const counts = { cases: 0, allowed: 0, deniedAs404: 0, deniedAs403: 0, filtered: 0, unauthenticated: 0, stowRefused: 0, auditRowsChecked: 0 };

    // Reference answers for a study that does not exist, per route: a hidden study must look the same.
    const notFound = new Map<string, { status: number; body: string }>();
    for (const route of routes) {
      if (KIND[route.id] !== 'study-read' && KIND[route.id] !== 'rendered') continue;
      const res = await h.app.inject({ method: 'GET', url: urlFor(route, studies.missing), headers: { authorization: `Bearer ${h.tokens.admin}` } });
      notFound.set(route.id, { status: res.statusCode, body: res.body.split(studies.missing.study).join('<uid>') });
    }

    for (const route of routes) {
      const kind = KIND[route.id];
      const method = route.method as 'GET' | 'POST';
      for (const target of TARGETS) {
        const s = studies[target];
        for (const role of ROLES) {
          const user = USER[role];
          const claims = claimsOf(h.tokens[user]);
          const tokens: Record<string, string | null> = {
            valid: h.tokens[user],
            missing: null,
            expired: signer.sign({ ...claims, iat: claims.iat - 7200, exp: claims.iat - 3600 }),
            forged: forger.sign(claims),
          };
          for (const [tokenKind, token] of Object.entries(tokens)) {
            counts.cases++;
            const label = `${method} ${route.id} as ${role} on ${target} with ${tokenKind} token`;
            const before = await deniedCount();
            let url = urlFor(route, s);
            let res;
            if (method === 'POST') {
              // A new instance for the target study (a fresh SOP UID each time).
              const bytes = dicomVariant({ studyUid: s.study, seriesUid: `${s.series}.9`, sopUid: testUid(), patientId: s.patientId, patientName: s.patientName });
              const { body, contentType } = stowBody([bytes]);
              url = kind === 'stow-study' ? `/dicomweb/studies/${s.study}` : '/dicomweb/studies';
              res = await h.app.inject({
                method,
                url,
                headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': contentType, accept: 'application/dicom+json' },
                payload: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
              });
            } else {
              res = await h.app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {} });
            }
            const after = await deniedCount();
            const denials = after - before;
            const fail = (why: string) => failures.push(`${label}: ${why} (status ${res.statusCode}, denied rows +${denials}) ${res.body.slice(0, 160)}`);
            const leaked = leaks(res.body, s);

            if (tokenKind !== 'valid') {
              counts.unauthenticated++;
              if (res.statusCode !== 401) fail('expected 401');
              if (leaked.length) fail(`body leaks ${leaked.join(', ')}`);
              if (denials !== 1) fail('expected exactly one denied audit row');
              else {
                const row = await lastDenied();
                counts.auditRowsChecked++;
                if (row.action !== route.id) fail(`audit action ${row.action}`);
                const want = tokenKind === 'missing' ? 'unauthenticated' : tokenKind === 'expired' ? 'token_expired' : 'token_invalid';
                if (row.detail?.reason !== want) fail(`audit reason ${row.detail?.reason}, want ${want}`);
              }
              continue;
            }

            if (kind === 'stow' || kind === 'stow-study') {
              if (role !== 'township_staff') {
                counts.deniedAs403++;
                if (res.statusCode !== 403) fail('only township staff upload: expected 403');
                if (denials !== 1) fail('expected exactly one denied audit row');
              } else if (target === 'own') {
                counts.allowed++;
                if (res.statusCode !== 200) fail('upload into an own-site study refused');
                if (denials !== 0) fail('allowed upload audited as denied');
              } else {
                // Another site's (or an unattributed) study: refused like any processing failure.
                counts.stowRefused++;
                if (res.statusCode !== 409) fail('expected 409 (nothing stored)');
                if (!res.body.includes('"00081197"') || !/"Value":\[272\]/.test(res.body)) fail('expected FailureReason 0x0110');
                if (leaked.length) fail(`body leaks ${leaked.join(', ')}`);
                if (denials !== 1) fail('expected exactly one denied audit row');
                const stored = await h.hub.db.query('SELECT 1 FROM instances WHERE study_instance_uid = $1', [s.study]);
                if (stored.length !== 1) fail(`the other study now has ${stored.length} instances`);
              }
              if (denials === 1) {
                const row = await lastDenied();
                counts.auditRowsChecked++;
                if (row.username !== user) fail(`audit row names ${row.username}`);
              }
              continue;
            }

            const allowed = mayRead(role, target);
            if (kind === 'flat-search') {
              if (res.statusCode !== 200) fail('search refused');
              const rows = JSON.parse(res.body || '[]') as unknown[];
              if (allowed) {
                counts.allowed++;
                if (rows.length < 1) fail('a visible study is missing from the search');
              } else {
                counts.filtered++;
                if (rows.length !== 0 || leaked.length) fail('search lists a study the caller may not see');
              }
              if (denials !== 0) fail('a search is filtered, not denied');
              continue;
            }

            if (allowed) {
              counts.allowed++;
              const want = kind === 'rendered' ? 406 : 200;
              if (res.statusCode !== want) fail(`expected ${want}`);
              if (denials !== 0) fail('allowed request audited as denied');
              continue;
            }
            counts.deniedAs404++;
            const ref = notFound.get(route.id)!;
            if (res.statusCode !== 404) fail('expected 404 (hidden like a missing study)');
            if (res.statusCode !== ref.status || res.body.split(s.study).join('<uid>') !== ref.body) fail(`answer differs from a missing study's (${ref.status} ${ref.body.slice(0, 80)})`);
            if (leaked.length) fail(`body leaks ${leaked.join(', ')}`);
            if (denials !== 1) fail('expected exactly one denied audit row');
            else {
              const row = await lastDenied();
              counts.auditRowsChecked++;
              if (row.action !== route.id || row.study_uid !== s.study || row.username !== user) fail(`audit row ${JSON.stringify(row)}`);
            }
          }
        }
      }
    }
    console.log(`DICOMweb access matrix: ${routes.length} routes × ${ROLES.length} roles × ${TARGETS.length} targets × 4 token kinds = ${counts.cases} cases`, JSON.stringify(counts));
    expect(failures).toEqual([]);
    expect(counts.cases).toBe(routes.length * ROLES.length * TARGETS.length * 4);
  });
});
