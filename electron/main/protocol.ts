import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The renderer is served from the privileged `app://teleread/` scheme, never `file://`
 * (checklist #18; DOMAIN.md §5.6): module scripts, workers, relative URLs and WASM work there,
 * and every response carries the Content-Security-Policy (checklist #7).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'teleread';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
/** Where print jobs' PDFs are served from memory (print.ts). */
export const PRINT_PATH_PREFIX = '/__print/';

/** For `protocol.registerSchemesAsPrivileged`, called before `ready`. */
export const PRIVILEGED_SCHEMES = [
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true, stream: true },
  },
];

/**
 * CSP for the app's pages. `connect-src` names the hub (HTTP and its WebSocket twin) and nothing
 * else; `'wasm-unsafe-eval'` lets the image codecs compile WebAssembly without allowing `eval`;
 * `'unsafe-inline'` for styles only (React inline styles; scripts stay `'self'`).
 */
export function buildCsp(hubUrl: string | null, options: { devServerUrl?: string } = {}): string {
  const connect = ["'self'"];
  const script = ["'self'", "'wasm-unsafe-eval'"];
  for (const url of [hubUrl, options.devServerUrl]) {
    if (!url) continue;
    const origin = new URL(url);
    connect.push(origin.origin, `${origin.protocol === 'https:' ? 'wss:' : 'ws:'}//${origin.host}`);
  }
  // Development only: Vite's React Refresh preamble is an inline module script in index.html.
  // Scripts still come from the dev server itself ('self') or inline; never from anywhere else.
  if (options.devServerUrl) script.push("'unsafe-inline'");
  return [
    "default-src 'self'",
    `connect-src ${[...new Set(connect)].join(' ')}`,
    "img-src 'self' blob: data:",
    "worker-src 'self' blob:",
    `script-src ${script.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  // application/wasm is required for WebAssembly.instantiateStreaming (the codecs).
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
};

export function contentTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps an `app://teleread/...` URL to a file inside `rootDir`, or null when it is not ours or
 * would leave the folder (`..`, encoded `%2e%2e%2f`, backslashes, NUL, absolute paths).
 */
export function resolveAppPath(url: string, rootDir: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host.toLowerCase() !== APP_HOST) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0') || relative.includes('\\')) return null;
  if (relative.split('/').some((segment) => segment === '..')) return null;
  if (relative === '/' || relative === '') relative = '/index.html';
  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${relative}`);
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return file;
}

export interface AppProtocolOptions {
  /** The renderer build, `dist/renderer`. */
  rootDir: string;
  /** Read per request: the CSP follows the hub the user picked. */
  getHubUrl: () => string | null;
  /** PDFs waiting to be printed (print.ts), served under `/__print/` and nowhere else. */
  printJobs?: { get(pathname: string): Uint8Array | undefined };
}

/** The `protocol.handle('app', …)` handler, a plain `Request → Response` function. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method Not Allowed');
    const printJob = printJobResponse(request, options);
    if (printJob) return printJob;
    const file = resolveAppPath(request.url, options.rootDir);
    if (!file) return plain(404, 'Not Found');
    // No fallback to index.html for unknown paths: the renderer routes in the hash (`#/worklist`),
    // so anything not on disk is refused rather than answered with the app shell.
    let body: Buffer;
    try {
      body = await fs.readFile(file);
    } catch {
      return plain(404, 'Not Found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': contentTypeFor(file),
        'Content-Security-Policy': buildCsp(options.getHubUrl()),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  };
}

/**
 * A print job's PDF, or a 404 for any other `/__print/` path (never a file from disk). No page CSP:
 * the response is not a page of ours but a PDF for Chromium's viewer in the hidden print window.
 */
function printJobResponse(request: Request, options: AppProtocolOptions): Response | null {
  const { pathname, host } = new URL(request.url);
  if (host.toLowerCase() !== APP_HOST || !pathname.startsWith(PRINT_PATH_PREFIX)) return null;
  const bytes = options.printJobs?.get(pathname);
  if (!bytes) return plain(404, 'Not Found');
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(bytes), {
    status: 200,
    headers: { 'Content-Type': 'application/pdf', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
  });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}
