import { hash32, prng } from './raster.js';

/**
 * A synthetic PA chest radiograph. The image is a sum of smooth "attenuation" terms (body, lungs,
 * mediastinum, heart, ribs, clavicles, diaphragm, vessels) mapped to 12-bit MONOCHROME2 values:
 * bone and soft tissue bright, aerated lung dark. Columns run toward the patient's left (PA display
 * convention: the patient's right on the viewer's left), rows toward the feet.
 */
export const DX_GEOMETRY = { rows: 2048, columns: 2048, spacing: 0.2, bitsStored: 12 } as const;

const X0 = -((DX_GEOMETRY.columns - 1) * DX_GEOMETRY.spacing) / 2;
const Y0 = -70;
const MAX = (1 << DX_GEOMETRY.bitsStored) - 1;

const smooth = (e0: number, e1: number, v: number) => {
  const t = Math.max(0, Math.min(1, (v - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
};

/** Horizontal millimetre position of column c (+ toward the patient's left) and row r (+ toward the feet). */
export const dxX = (c: number) => X0 + c * DX_GEOMETRY.spacing;
export const dxY = (r: number) => Y0 + r * DX_GEOMETRY.spacing;

function lungOuter(y: number): number {
  return 25 + 128 * Math.sqrt(Math.max(0, Math.min(1, y / 140)));
}
function lungInner(side: number, y: number): number {
  const bump = (c: number, h: number) => Math.sqrt(Math.max(0, 1 - ((y - c) / h) ** 2));
  return side > 0 ? 24 + 78 * bump(205, 75) : 24 + 40 * bump(200, 60);
}
/** Diaphragm height under lateral distance u: the right dome higher than the left. */
export function dxDiaphragm(side: number, u: number): number {
  const dome = side > 0 ? 258 : 242;
  return dome + 0.0055 * (u - 85) ** 2;
}

/** Known points (mm) for tests: a dark lung field and a bright spine-over-abdomen point. */
export const DX_LANDMARKS = {
  rightMidLung: { x: -95, y: 120 },
  leftMidLung: { x: 95, y: 120 },
  liverBelowRightDome: { x: -80, y: 320 },
  outsideBody: { x: -200, y: 0 },
} as const;

export function dxChestPixels(): Uint16Array {
  const { rows, columns, spacing } = DX_GEOMETRY;
  const acc = new Float32Array(rows * columns);

  for (let r = 0; r < rows; r++) {
    const y = dxY(r);
    const halfWidth = 62 + 110 * smooth(-60, 40, y);
    const xo = lungOuter(y);
    for (let c = 0; c < columns; c++) {
      const x = dxX(c);
      const side = x < 0 ? -1 : 1;
      const u = Math.abs(x);
      const body = 0.85 * Math.sqrt(Math.max(0, 1 - (x / halfWidth) ** 2)) * smooth(-70, -40, y);
      let a = body;
      if (body <= 0) {
        acc[r * columns + c] = 0;
        continue;
      }
      const xi = lungInner(side, y);
      const yd = dxDiaphragm(side, u);
      // Lung: darker towards the middle of its width (more air in the beam path).
      if (y > -5 && u > xi - 6 && u < xo + 6 && y < yd + 6) {
        const m = smooth(0, 8, u - xi) * smooth(0, 8, xo - u) * smooth(0, 10, yd - y) * smooth(-5, 15, y);
        const t = Math.max(0, Math.min(1, (u - xi) / Math.max(1, xo - xi)));
        a -= 0.55 * m * (0.6 + 0.8 * Math.sqrt(t * (1 - t)));
      }
      // Upper abdomen below the domes; gastric bubble under the left dome.
      if (y > yd - 10) a += 0.28 * smooth(0, 25, y - yd);
      if (side > 0) {
        const gu = (u - 75) / 32;
        const gy = (y - (dxDiaphragm(1, 75) + 24)) / 16;
        if (gu * gu + gy * gy < 1) a -= 0.22 * (1 - gu * gu - gy * gy);
      }
      // Spine behind the mediastinum, with discs every 26 mm.
      if (u < 22) a += 0.09 * smooth(0, 5, 22 - u) * (((y % 26) + 26) % 26 < 5 ? 0.7 : 1);
      // Trachea: an air column in the upper mediastinum.
      if (u < 9 && y < 115) a -= 0.1 * smooth(0, 3, 9 - u);
      // Aortic knob.
      const ak = ((x - 32) / 17) ** 2 + ((y - 78) / 15) ** 2;
      if (ak < 1) a += 0.08 * (1 - ak);
      // Right lower zone consolidation (the clinical question of this demo study).
      const cx = (x + 92) / 34;
      const cy = (y - 205) / 24;
      const blob = Math.exp(-(cx * cx + cy * cy));
      if (blob > 0.01) a += 0.3 * blob * (0.7 + 0.3 * ((hash32((r >> 5) * 97 + (c >> 5), 7) & 0xff) / 255));
      acc[r * columns + c] = a;
    }
  }

  const vessels = new Float32Array(rows * columns);
  const addBand = (side: number, uFrom: number, uTo: number, yOf: (u: number) => number, halfWidth: number, gain: number, cortex: number) => {
    for (let c = 0; c < columns; c++) {
      const x = dxX(c);
      if (Math.sign(x) !== side) continue;
      const u = Math.abs(x);
      if (u < uFrom || u > uTo) continue;
      const yc = yOf(u);
      const slope = (yOf(u + 1) - yc) / 1;
      const hw = halfWidth * Math.sqrt(1 + slope * slope);
      const taper = smooth(uFrom, uFrom + 10, u) * smooth(uTo, uTo - 10, u);
      const r0 = Math.max(0, Math.ceil((yc - hw - Y0) / spacing));
      const r1 = Math.min(rows - 1, Math.floor((yc + hw - Y0) / spacing));
      for (let r = r0; r <= r1; r++) {
        const d = Math.abs(dxY(r) - yc) / hw;
        acc[r * columns + c] += taper * gain * (1 - d * d) * (1 + cortex * d ** 6);
      }
    }
  };

  for (const side of [-1, 1]) {
    // Clavicles.
    addBand(side, 12, 150, (u) => 22 - 0.22 * (u - 12) + 0.0011 * (u - 12) ** 2, 8, 0.3, 1.5);
    // Posterior ribs: leave the spine, run laterally and downward.
    for (let k = 0; k < 10; k++) addBand(side, 20, lungOuter(14 + 24 * k + 40) + 12, (u) => 4 + 23 * k - 0.1 * u + 0.0032 * u * u, 5.5, 0.14, 2);
    // Anterior ribs: fainter, descending medially from the lateral chest wall.
    for (let k = 0; k < 6; k++) addBand(side, 45, 150, (u) => 40 + 30 * k + 0.42 * (150 - u), 6.5, 0.06, 1);
    // Vessel markings radiating from the hilum.
    const rnd = prng(side > 0 ? 11 : 13);
    for (let v = 0; v < 26; v++) {
      const ang = -1.0 + rnd() * 2.2;
      const len = 50 + rnd() * 70;
      const hx = side * 48;
      const hy = 140;
      for (let s = 0; s < len; s += 0.6) {
        const t = s / len;
        const px = hx + side * Math.cos(ang) * s;
        const py = hy + Math.sin(ang) * s * 1.1;
        const rad = 2.4 * (1 - t) + 0.5;
        const cc = Math.round((px - X0) / spacing);
        const rr = Math.round((py - Y0) / spacing);
        const rp = Math.ceil(rad / spacing);
        for (let dr = -rp; dr <= rp; dr++)
          for (let dc = -rp; dc <= rp; dc++) {
            const q = Math.hypot(dr, dc) * spacing;
            const R = rr + dr;
            const C = cc + dc;
            if (q < rad && R >= 0 && R < rows && C >= 0 && C < columns) vessels[R * columns + C] = Math.max(vessels[R * columns + C], 0.07 * (1 - t) * (1 - q / rad));
          }
      }
    }
  }

  const out = new Uint16Array(rows * columns);
  for (let i = 0; i < out.length; i++) {
    const h = hash32(i, 4242);
    const noise = ((h & 0xff) + ((h >>> 8) & 0xff) - 255) / 255;
    const v = 280 + 2500 * (acc[i] + vessels[i]) + 18 * noise;
    out[i] = Math.max(0, Math.min(MAX, Math.round(v)));
  }
  return out;
}
