import { MmRaster, hash32, prng } from './raster.js';

/**
 * A synthetic contrast-enhanced chest CT phantom in Hounsfield units. Patient coordinates are LPS
 * (+x patient left, +y posterior, +z head); slice 0 is the most superior. Structures are simple
 * ellipses and tubes placed where a reader expects them, so MPR and windowing look anatomical.
 *
 * One finding to measure: a solid pulmonary nodule in the right lower lobe (`NODULE`), a sphere of
 * 8 mm diameter at +40 HU centred at x = −80, y = 45, z = −20 mm (posterior basal right lung, above the
 * right diaphragm dome). z = −20 is the centre of slice 72, so that slice cuts its full 8 mm diameter
 * (11.4 pixels); slices 71 and 73 (±2.5 mm) cut a 6.2 mm disc. It is drawn over lung and vessels.
 */
export const CT_GEOMETRY = {
  size: 512,
  /** Pixel spacing (mm), rows and columns. */
  spacing: 0.7,
  sliceCount: 128,
  /** Slice thickness = spacing between slice centres (mm): contiguous, no gap or overlap. */
  sliceSpacing: 2.5,
  /** z of slice 0 (mm); slice k is at zTop − k·sliceSpacing. */
  zTop: 160,
} as const;

/** x (and y) of the first pixel centre, so that the image is centred on the scanner axis. */
export const CT_ORIGIN = -((CT_GEOMETRY.size - 1) * CT_GEOMETRY.spacing) / 2;

export function sliceZ(index: number): number {
  return CT_GEOMETRY.zTop - index * CT_GEOMETRY.sliceSpacing;
}

export const HU = {
  air: -1000,
  lung: -850,
  fat: -100,
  muscle: 45,
  liver: 60,
  myocardium: 110,
  blood: 260,
  aorta: 320,
  vessel: 120,
  cancellous: 320,
  cortical: 1000,
  rib: 850,
  sternum: 700,
  csf: 15,
  tableShell: 200,
  tableFoam: -500,
} as const;

/** The right-lower-lobe nodule: centre (mm, LPS), diameter (mm), density; `slice` is the slice through its centre. */
export const NODULE = { x: -80, y: 45, z: -20, diameter: 8, hu: 40, slice: 72 } as const;

/** Known points and the tissue expected there, used by tests and documentation. */
export const CT_LANDMARKS = {
  airOutsideBody: { x: -170, y: -160, z: 0, hu: HU.air },
  rightLung: { x: -95, y: 20, z: 60, hu: HU.lung },
  descendingAorta: { x: 22, y: 42, z: 0, hu: HU.aorta },
  spinousProcess: { x: 0, y: 105, z: 40, hu: HU.cortical },
  vertebralBody: { x: 0, y: 62, z: 40, hu: HU.cancellous },
  liver: { x: -60, y: 0, z: -140, hu: HU.liver },
  rightLowerLobeNodule: { x: NODULE.x, y: NODULE.y, z: NODULE.z, hu: NODULE.hu },
} as const;

// Body outline (outer skin ellipse) and the thoracic cavity inside fat and muscle.
const BODY = { cy: 5, ax: 165, ay: 115 };
const FAT_MM = 12;
const MUSCLE_MM = 12;
const LUNG_APEX_Z = 148;
const DOME_RIGHT_Z = -45;
const DOME_LEFT_Z = -58;
const HEART = { cx: 18, cy: -28, cz: -25, ax: 62, ay: 46, az: 50 };
const SPINE = { cy: 62, r: 17 };

function bodyAxes(z: number): { ax: number; ay: number } {
  // Narrow towards the neck above the lung apices.
  const t = Math.max(0, Math.min(1, (z - 130) / 30));
  return { ax: BODY.ax - t * 90, ay: BODY.ay - t * 45 };
}

/** Height of the diaphragm under (x, y): a dome per side, deepest at the costophrenic recesses. */
export function diaphragmZ(x: number, y: number): number {
  const right = x < 0;
  const cx = right ? -70 : 75;
  const dome = right ? DOME_RIGHT_Z : DOME_LEFT_Z;
  const u = (x - cx) / 80;
  const v = (y - 10) / 95;
  return dome - 65 * Math.min(1.3, u * u + v * v);
}

interface Vessel {
  x1: number;
  y1: number;
  z1: number;
  x2: number;
  y2: number;
  z2: number;
  r1: number;
  r2: number;
}

/** Pulmonary vessel tree: trunks from each hilum with side branches, fixed by the seed. */
function buildVessels(): Vessel[] {
  const rnd = prng(20261120);
  const out: Vessel[] = [];
  for (const side of [-1, 1]) {
    const hx = side * 42;
    const hy = 8;
    const hz = 5;
    for (let k = 0; k < 28; k++) {
      const ex = side * (45 + rnd() * 85);
      const ey = -70 + rnd() * 150;
      const ez = -90 + rnd() * 220;
      const trunk = { x1: hx, y1: hy, z1: hz, x2: ex, y2: ey, z2: ez, r1: 4.5, r2: 1.2 };
      out.push(trunk);
      for (let b = 0; b < 4; b++) {
        const t = 0.3 + rnd() * 0.5;
        const bx = hx + (ex - hx) * t;
        const by = hy + (ey - hy) * t;
        const bz = hz + (ez - hz) * t;
        out.push({ x1: bx, y1: by, z1: bz, x2: bx + side * (10 + rnd() * 35), y2: by + (rnd() - 0.5) * 70, z2: bz + (rnd() - 0.5) * 80, r1: 4.5 - 3 * t, r2: 0.8 });
      }
    }
  }
  return out;
}
const VESSELS = buildVessels();

const isLung = (v: number) => v < -600 && v > -950;
const notBone = (v: number) => v < 500;

/** Hounsfield units of slice `index` (row-major, 512×512), before rescale. */
export function ctSliceHu(index: number): Int16Array {
  const z = sliceZ(index);
  const { size, spacing } = CT_GEOMETRY;
  const img = new MmRaster(size, spacing, CT_ORIGIN, CT_ORIGIN);
  const d = img.data;
  img.fill(HU.air);

  // Table: carbon-fibre shells around foam, under the patient (posterior).
  img.rect(-200, 200, 126, 130, HU.tableShell);
  img.rect(-200, 200, 130, 146, HU.tableFoam);
  img.rect(-200, 200, 146, 150, HU.tableShell);

  const { ax, ay } = bodyAxes(z);
  img.ellipse(0, BODY.cy, ax, ay, HU.fat);
  img.ellipse(0, BODY.cy, ax - FAT_MM, ay - FAT_MM, HU.muscle);
  const cax = ax - FAT_MM - MUSCLE_MM;
  const cay = ay - FAT_MM - MUSCLE_MM;

  // Scapulae in the posterior chest wall.
  if (z > 20 && z < 130) for (const s of [-1, 1]) img.capsule(s * 55, 95, s * 120, 72, 3.5, HU.cortical);

  // Thoracic cavity and upper abdomen: lungs above the diaphragm, organs below.
  const lapex = Math.max(0, Math.min(1, (LUNG_APEX_Z - z) / 45));
  const lungScale = Math.sqrt(lapex);
  img.forBox(-cax, cax, BODY.cy - cay, BODY.cy + cay, (i, x, y) => {
    const u = x / cax;
    const v = (y - BODY.cy) / cay;
    if (u * u + v * v > 1) return;
    if (z < diaphragmZ(x, y)) {
      d[i] = abdomen(x, y, z);
      return;
    }
    d[i] = HU.fat;
    if (lungScale <= 0) return;
    const side = x < 0 ? -1 : 1;
    const lx = (x - side * 74) / (68 * lungScale);
    const ly = (y - 12) / (88 * lungScale);
    if (lx * lx + ly * ly <= 1 && Math.abs(x) > 14) d[i] = HU.lung;
  });

  // Heart and pericardial fat, pushing the lungs aside.
  const hz = (z - HEART.cz) / HEART.az;
  if (hz * hz < 1) {
    const s = Math.sqrt(1 - hz * hz);
    img.ellipse(HEART.cx, HEART.cy, HEART.ax * s + 6, HEART.ay * s + 6, HU.fat, notBone);
    img.ellipse(HEART.cx, HEART.cy, HEART.ax * s, HEART.ay * s, HU.myocardium, notBone);
    img.ellipse(HEART.cx + 16, HEART.cy + 6, 26 * s, 22 * s, HU.blood); // left ventricle
    img.ellipse(HEART.cx - 22, HEART.cy - 14, 26 * s, 15 * s, HU.blood - 30); // right ventricle
    if (z > HEART.cz) img.ellipse(HEART.cx + 2, HEART.cy + 36 * s, 24 * s, 12 * s, HU.blood); // left atrium
  }

  mediastinalVessels(img, z);
  airways(img, z);
  pulmonaryVessels(img, z);
  nodule(img, z);
  skeleton(img, z, cax, cay);

  // Quantum noise, about ±12 HU, identical on every run.
  for (let i = 0; i < d.length; i++) {
    const h = hash32(i, index + 1);
    d[i] += ((h & 0xff) + ((h >>> 8) & 0xff) - 255) / 10;
  }
  return d;
}

function abdomen(x: number, y: number, z: number): number {
  const sx = (x - 85) / 28;
  const sy = (y - 55) / 38;
  if (sx * sx + sy * sy <= 1) return 50; // spleen
  const gx = (x - 62) / 42;
  const gy = (y + 30) / 38;
  if (gx * gx + gy * gy <= 1) return z > diaphragmZ(x, y) - 20 && y < -50 ? HU.air : 25; // stomach with fundal gas
  if (x < 30) return HU.liver;
  return HU.fat;
}

function mediastinalVessels(img: MmRaster, z: number): void {
  const { aorta, blood } = HU;
  if (z > -30 && z < 62) img.ellipse(2, -30, 15, 15, aorta); // ascending aorta
  if (z >= 60 && z <= 76) img.capsule(2, -30, 22, 40, 14, aorta); // arch
  if (z < 72) img.ellipse(22, 42, 12.5, 12.5, aorta); // descending aorta
  if (z > 76 && z < 125) {
    img.ellipse(-12, -24, 6.5, 6.5, aorta); // brachiocephalic trunk
    img.ellipse(4, -20, 4.5, 4.5, aorta); // left common carotid
    img.ellipse(16, -10, 5, 5, aorta); // left subclavian
  }
  if (z > -10 && z < 95) img.ellipse(-28, -24, 10, 10, blood + 60); // superior vena cava
  if (z < -55) img.ellipse(-22, 28, 11, 11, 150); // inferior vena cava
  if (z > -5 && z < 22) img.capsule(22, -48, 22, -12, 13, blood); // pulmonary trunk
  if (z > 4 && z < 16) {
    img.capsule(22, -12, 44, 8, 9, blood); // left pulmonary artery
    img.capsule(18, -12, -40, 6, 9, blood); // right pulmonary artery
  }
  if (z > -80) img.ellipse(10, 34, 7, 6, HU.muscle); // oesophagus
}

function airways(img: MmRaster, z: number): void {
  if (z > 35) {
    img.ellipse(0, 12, 10, 9, HU.muscle);
    img.ellipse(0, 12, 8, 7, HU.air);
  } else if (z > 12) {
    const off = 8 + (35 - z) * 1.4;
    for (const s of [-1, 1]) {
      img.ellipse(s * off, 12, 7, 7, HU.muscle);
      img.ellipse(s * off, 12, 5.5, 5.5, HU.air);
    }
  }
}

function pulmonaryVessels(img: MmRaster, z: number): void {
  for (const v of VESSELS) {
    const zmin = Math.min(v.z1, v.z2);
    const zmax = Math.max(v.z1, v.z2);
    if (z < zmin || z > zmax || zmax - zmin < 1e-3) continue;
    const t = (z - v.z1) / (v.z2 - v.z1);
    const x = v.x1 + t * (v.x2 - v.x1);
    const y = v.y1 + t * (v.y2 - v.y1);
    const r = v.r1 + t * (v.r2 - v.r1);
    // A tube crossing the slice obliquely cuts an ellipse elongated along its in-plane direction.
    const dx = v.x2 - v.x1;
    const dy = v.y2 - v.y1;
    const dz = v.z2 - v.z1;
    const len = Math.hypot(dx, dy, dz);
    const inPlane = Math.hypot(dx, dy) || 1e-9;
    const stretch = Math.min(5, len / Math.abs(dz));
    img.orientedEllipse(x, y, dx / inPlane, dy / inPlane, r * stretch, r, HU.vessel, isLung);
  }
}

/** The solid nodule's cross-section at z: a disc of radius √(r² − (z − zc)²). */
function nodule(img: MmRaster, z: number): void {
  const r = NODULE.diameter / 2;
  const dz = z - NODULE.z;
  if (Math.abs(dz) >= r) return;
  const rz = Math.sqrt(r * r - dz * dz);
  img.ellipse(NODULE.x, NODULE.y, rz, rz, NODULE.hu);
}

function skeleton(img: MmRaster, z: number, cax: number, cay: number): void {
  const d = img.data;
  // Vertebra: cortical shell, cancellous body, canal; discs every 26 mm.
  const disc = (((z + 3) % 26) + 26) % 26 < 5;
  img.ellipse(0, SPINE.cy, SPINE.r, SPINE.r - 1, disc ? 90 : HU.cortical);
  if (!disc) {
    img.ellipse(0, SPINE.cy, SPINE.r - 2.5, SPINE.r - 3.5, HU.cancellous);
    img.capsule(0, 90, 0, 112, 4.5, HU.cortical); // lamina and spinous process
    for (const s of [-1, 1]) img.capsule(s * 8, 86, s * 30, 80, 4, HU.cortical); // transverse processes
  }
  img.ellipse(0, 86, 8, 7, HU.csf); // spinal canal

  // Sternum (manubrium wider) in the anterior chest wall.
  if (z > -75 && z < 105) img.ellipse(0, BODY.cy - cay - 6, z > 70 ? 24 : 14, 6, HU.sternum);
  // Clavicles.
  if (z > 118 && z < 138) for (const s of [-1, 1]) img.capsule(s * 18, -72, s * 105, -45, 7, HU.rib);

  // Ribs: a band just outside the cavity, sloping down anteriorly, one every 24 mm.
  if (z < 150 && z > -140) {
    const oax = cax + 7;
    const oay = cay + 7;
    const iax = cax - 2;
    const iay = cay - 2;
    img.forBox(-oax, oax, BODY.cy - oay, BODY.cy + oay, (i, x, y) => {
      const yo = y - BODY.cy;
      const uo = x / oax;
      const vo = yo / oay;
      if (uo * uo + vo * vo > 1) return;
      const ui = x / iax;
      const vi = yo / iay;
      if (ui * ui + vi * vi <= 1) return;
      const phi = Math.atan2(Math.abs(x), yo); // 0 posterior, π anterior
      if (phi < 0.35 || phi > 2.75) return; // spine and costal cartilage gaps
      const zEff = z + 90 * (1 - Math.cos(phi)) * 0.5;
      if (zEff > 150 || zEff < -110) return;
      if ((((zEff + 7) % 24) + 24) % 24 < 9) d[i] = HU.rib;
    });
  }
}
