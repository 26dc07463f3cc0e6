import fs from 'node:fs';
import { type Browser, type Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStudies, studyUidOf } from '../harness/seed-studies.js';
import { dataFile } from '../harness/testdata.js';
import { startHub, type HubUnderTest } from '../system/dicomweb-harness.js';
import { buildViewerHarness, launchViewerChromium } from './viewer-support.js';

/**
 * Issue 13, upstream faults on the client side: the viewer (its e2e harness page, Debian Chromium)
 * shows a retry state on the viewport when series metadata or frames answer 502/503/504, and
 * recovers on 重试 / Retry without a reload. The hub's own 502 under a hung or dead PACS is proven by
 * test/system/upstream-faults.test.ts (Orthanc behind a TCP proxy); here the browser's request
 * interception answers those statuses in the hub's place, because a PACS outage that starts and ends
 * on cue inside one page load cannot be staged with the built-in store.
 */
const FILE = dataFile('radiograph/dx-for-presentation-small.dcm');
const UPSTREAM_DOWN = JSON.stringify({ error: 'upstream_unavailable', message: 'The image archive (PACS) cannot be reached right now. Please try again shortly.' });

describe('viewer retry state under upstream faults (Chromium)', () => {
  let hub: HubUnderTest;
  let webRoot: string;
  let browser: Browser;

  beforeAll(async () => {
    webRoot = await buildViewerHarness();
    hub = await startHub({ webRoot });
    await seedStudies(hub.url, hub.tokens.town1, [FILE]);
    browser = await launchViewerChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    if (webRoot) fs.rmSync(webRoot, { recursive: true, force: true });
  });

  it('metadata 502 then frames 503: each shows 重试 on the viewport, and Retry brings the image', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    let failMetadata = true;
    let failFrames = true;
    let failedMetadata = 0;
    let failedFrames = 0;
    await page.route(/\/dicomweb\/studies\/[^/]+\/series\/[^/]+\/metadata/, (route: Route) => {
      if (!failMetadata) return route.continue();
      failedMetadata++;
      return route.fulfill({ status: 502, contentType: 'application/json', body: UPSTREAM_DOWN });
    });
    await page.route(/\/frames\//, (route: Route) => {
      if (!failFrames) return route.continue();
      failedFrames++;
      return route.fulfill({ status: 503, contentType: 'application/json', body: UPSTREAM_DOWN });
    });
    await page.goto(`${hub.url}/#study=${encodeURIComponent(studyUidOf(FILE))}&token=${encodeURIComponent(hub.tokens.rad1)}`);

    // 1. Series metadata refused: the viewport says so and offers 重试.
    const metaRetry = page.getByTestId('viewport-retry');
    await metaRetry.waitFor({ timeout: 60_000 });
    expect(await metaRetry.textContent()).toBe('重试');
    expect(await page.getByTestId('viewport-error').textContent()).toMatch(/暂时无法获取.*HTTP 502/);
    expect(failedMetadata).toBeGreaterThan(0);

    // 2. Retry with the metadata back but frames refused: the frame says so and offers 重试.
    failMetadata = false;
    await metaRetry.click();
    const frameRetry = page.getByTestId('frame-retry');
    await frameRetry.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('frame-error').textContent()).toMatch(/暂时无法获取/);
    expect(failedFrames).toBeGreaterThan(0);

    // 3. The archive is back: Retry shows the image, no error left, no page error.
    failFrames = false;
    // The viewer loads frames through data/frames.ts, which handles the rejection Cornerstone's own
    // loadAndCacheImage left unhandled (the XHR object) for every refused frame: none on the page.
    const errorsWhileDown = [...pageErrors];
    expect(errorsWhileDown, errorsWhileDown.join('\n')).toEqual([]);
    await frameRetry.click();
    await page.waitForFunction(
      () => {
        const s = (window as unknown as { __viewerStats?: () => { sd: number; distinct: number } | null }).__viewerStats?.();
        return !!s && s.sd > 5 && s.distinct > 16;
      },
      undefined,
      { timeout: 60_000 },
    );
    expect(await page.getByTestId('frame-error').count()).toBe(0);
    expect(await page.getByTestId('viewport-error').count()).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(pageErrors.slice(errorsWhileDown.length)).toEqual([]);
    console.log(`viewer-retry: ${failedMetadata} metadata requests answered 502, ${failedFrames} frame requests answered 503, recovered by Retry twice; ${errorsWhileDown.length} unhandled rejections while down`);
    await page.close();
  });
});
