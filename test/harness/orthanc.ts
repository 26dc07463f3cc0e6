import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './postgres.js';

/**
 * Debian's Orthanc 1.10 with the DICOMweb plugin, as the reference upstream PACS (DOMAIN.md §6):
 * a generated config in a temp folder, free ports, HTTP basic auth with a test user, no DICOM
 * listener, "Full" metadata. Started per test file, stopped (SIGTERM) in afterAll.
 */
export interface OrthancServer {
  /** http://127.0.0.1:port */
  url: string;
  /** The DICOMweb root (…/dicom-web). */
  dicomweb: string;
  user: string;
  password: string;
  /** `basic:user:pass`, the hub's PACS_AUTH form. */
  pacsAuth: string;
  /** Orthanc REST call with the test credentials. */
  rest(rel: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export const ORTHANC_BIN = '/usr/sbin/Orthanc';
export const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

export async function startOrthanc(): Promise<OrthancServer> {
  for (const f of [ORTHANC_BIN, DICOMWEB_PLUGIN]) {
    if (!fs.existsSync(f)) throw new Error(`${f} missing: apt-get install -y orthanc orthanc-dicomweb (scripts/provision.sh)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-orthanc-'));
  const port = await freePort();
  const user = 'teleread';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const config = {
    Name: 'TeleReadTestPACS',
    HttpServerEnabled: true,
    OrthancExplorerEnabled: false,
    StorageDirectory: path.join(dir, 'storage'),
    IndexDirectory: path.join(dir, 'index'),
    HttpPort: port,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: true,
    RegisteredUsers: { [user]: password },
    HttpCompressionEnabled: false,
    HttpDescribeErrors: true,
    HttpThreadsCount: 8,
    KeepAlive: true,
    DicomServerEnabled: false,
    WebDavEnabled: false,
    MetricsEnabled: false,
    SaveJobs: false,
    ConcurrentJobs: 2,
    StableAge: 5,
    OverwriteInstances: false,
    StorageCompression: false,
    UnknownSopClassAccepted: true,
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: true, WadoRoot: '/wado', Ssl: false, StudiesMetadata: 'Full', SeriesMetadata: 'Full' },
  };
  const cfgPath = path.join(dir, 'orthanc.json');
  fs.writeFileSync(cfgPath, JSON.stringify(config, null, 2));
  const proc: ChildProcess = spawn(ORTHANC_BIN, [`--logdir=${dir}`, cfgPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const rest = (rel: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', authorization);
    return fetch(url + rel, { ...init, headers });
  };
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 8000))]);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) {
      await stop();
      throw new Error(`Orthanc exited with ${proc.exitCode}: ${stderr}`);
    }
    try {
      const sys = await rest('/system');
      const plugins = sys.ok ? ((await (await rest('/plugins')).json()) as string[]) : [];
      if (plugins.includes('dicom-web')) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Orthanc did not become healthy on ${url}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, dicomweb: `${url}/dicom-web`, user, password, pacsAuth: `basic:${user}:${password}`, rest, stop };
}
