// Renders the SVG icons in build/ to PNG with the Debian Chromium through playwright-core:
//   build/icon.png        1024 × 1024  app icon (electron-builder makes .ico / .icns / Linux sizes from it)
//   build/tray.png          32 × 32    tray icon (copied into dist-electron by scripts/build-electron.mjs)
//   build/tray-alert.png    32 × 32    tray icon while critical alerts wait
// Run after editing an SVG: `node build/render-icons.mjs` (CHROMIUM_PATH overrides /usr/bin/chromium).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dir = path.dirname(fileURLToPath(import.meta.url));
const ICONS = [
  ['icon.svg', 'icon.png', 1024],
  ['tray.svg', 'tray.png', 32],
  ['tray-alert.svg', 'tray-alert.png', 32],
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const [source, target, size] of ICONS) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const svg = fs.readFileSync(path.join(dir, source), 'utf8');
    await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
    await page.screenshot({ path: path.join(dir, target), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await page.close();
    console.log(`${target}  ${size}×${size}  ${(fs.statSync(path.join(dir, target)).size / 1024).toFixed(1)} KiB`);
  }
} finally {
  await browser.close();
}
