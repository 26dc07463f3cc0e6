import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { STATUS_LABELS } from '../../shared/reports/status.js';
import { displayFields, displayPersonName } from '../../shared/text/display.js';
import { cst } from './dicom.js';
import { criticalCommunicationLines, type SignedDocument } from './document.js';
import { addEcgPage } from './pdf-ecg.js';
import { measurementTable } from './pdf-table.js';

/**
 * The PDF of record (what the township prints): A4, Noto Sans SC (OFL, from the
 * @expo-google-fonts/noto-sans-sc npm package) embedded as a subset by pdfkit (pdf-lib's subsetter
 * dropped CJK glyphs: text extracted fine but printed blank), both institutions in the
 * header, patient and exam, 检查所见, 诊断意见, author and verifier with times, "仅供临床参考",
 * a 危急值 banner when the study has critical alerts, a measurement table (pdf-table.ts) when the
 * version has viewer measurements or, for ECG, accepted intervals, page numbers.
 */
const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: '400Regular/NotoSansSC_400Regular.ttf',
  bold: '700Bold/NotoSansSC_700Bold.ttf',
};
let fontCache: { regular: Uint8Array; bold: Uint8Array } | undefined;

/**
 * The font folder: TELEREAD_REPORT_FONT_DIR (packaged apps, where node_modules is not shipped), else
 * the npm package. Missing fonts fail signing with a message saying what to install, never a PDF
 * with unreadable Chinese.
 */
function fontDir(): string {
  const env = process.env.TELEREAD_REPORT_FONT_DIR;
  if (env) return env;
  try {
    return path.dirname(path.dirname(require.resolve(`@expo-google-fonts/noto-sans-sc/${FONT_FILES.regular}`)));
  } catch {
    throw new Error('report font not found: install the npm package @expo-google-fonts/noto-sans-sc or set TELEREAD_REPORT_FONT_DIR to a folder holding 400Regular/ and 700Bold/ Noto Sans SC TTFs');
  }
}

export function fonts() {
  if (!fontCache) {
    const dir = fontDir();
    fontCache = {
      regular: new Uint8Array(fs.readFileSync(path.join(dir, FONT_FILES.regular))),
      bold: new Uint8Array(fs.readFileSync(path.join(dir, FONT_FILES.bold))),
    };
  }
  return fontCache;
}

export const A4 = { width: 595.28, height: 841.89 };
const M = { left: 56, right: 56, top: 56, bottom: 64 };
const RED = '#bf0d0d';
const GREY = '#595959';
const BLACK = '#000000';

/** Breaks text into lines that fit `width` (CJK breaks anywhere; Latin words are kept whole when they fit). */
export function wrapText(text: string, width: number, measure: (s: string) => number): string[] {
  const out: string[] = [];
  for (const para of text.replace(/\r/g, '').split('\n')) {
    const tokens = para.match(/[A-Za-z0-9.,;:%/()\-+'"]+\s*|\s+|./gu) ?? [];
    let line = '';
    for (const tok of tokens) {
      if (measure(line + tok) <= width) {
        line += tok;
        continue;
      }
      if (line.trim()) out.push(line.trimEnd());
      line = '';
      if (measure(tok) <= width) line = tok.trimStart();
      else for (const ch of tok) {
        if (measure(line + ch) > width) {
          out.push(line);
          line = '';
        }
        line += ch;
      }
    }
    out.push(line.trimEnd());
  }
  return out;
}

const fmt = (d: Date | null | undefined) => {
  if (!d) return '';
  const c = cst(d);
  return `${c.date.slice(0, 4)}-${c.date.slice(4, 6)}-${c.date.slice(6, 8)} ${c.time.slice(0, 2)}:${c.time.slice(2, 4)}`;
};
const dicomDate = (s: string | null) => (s && /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : (s ?? ''));
const SEX: Record<string, string> = { M: '男', F: '女', O: '其他' };

/** Modalities of documents, not of acquisitions: the hub's own SR/PDF/KOS (and presentation states) in the study. */
const DOCUMENT_MODALITIES = new Set(['SR', 'DOC', 'KO', 'PR']);
/** 检查类型: the study's image and waveform modalities only (earlier versions' SR/PDF/KOS are in the study too). */
export const examModalities = (modalities: readonly string[]) => modalities.filter((m) => !DOCUMENT_MODALITIES.has(m.toUpperCase()));

/**
 * A new A4 document with pages buffered (for page numbers), no first page, the Noto Sans SC fonts
 * registered as 'regular' and 'bold', and a promise of its bytes once `pdf.end()` is called.
 */
export function openPdf(opts: { margins: { top: number; bottom: number; left: number; right: number }; lang: string; info: Record<string, string | Date> }) {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: opts.margins,
    bufferPages: true,
    autoFirstPage: false,
    lang: opts.lang,
    displayTitle: true,
    info: { Creator: 'TeleRead', Producer: 'TeleRead hub', ...opts.info },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    pdf.on('data', (c) => chunks.push(c));
    pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    pdf.on('error', reject);
  });
  const f = fonts();
  pdf.registerFont('regular', f.regular);
  pdf.registerFont('bold', f.bold);
  return { pdf, done };
}

export async function renderReportPdf(doc: SignedDocument, created = new Date()): Promise<Uint8Array> {
  const isEcg = doc.kind === 'ecg';
  const title = isEcg ? '心电图诊断报告' : '影像诊断报告书';
  // DICOM and exam-request text comes from a township upload: bidi controls removed for display.
  const s = displayFields(doc.study);
  const name = displayPersonName(s.patientNameIdeographic || s.patientName);
  const { pdf, done } = openPdf({
    margins: { top: M.top, bottom: 0, left: M.left, right: M.right },
    lang: doc.language,
    info: { Title: `${title} ${name}`.trim(), Author: doc.author.name, CreationDate: created, ModDate: created },
  });

  const width = A4.width - M.left - M.right;
  const bottom = A4.height - M.bottom - 20;
  let y = 0;
  const newPage = () => {
    pdf.addPage({ size: 'A4', margins: { top: M.top, bottom: 0, left: M.left, right: M.right } });
    y = M.top;
  };
  const ensure = (h: number) => {
    if (y + h > bottom) newPage();
  };
  const measure = (t: string, size: number, font: 'regular' | 'bold' = 'regular') => pdf.font(font).fontSize(size).widthOfString(t);
  const draw = (t: string, x: number, size: number, font: 'regular' | 'bold' = 'regular', color = BLACK) =>
    pdf.font(font).fontSize(size).fillColor(color).text(t, x, y, { lineBreak: false });
  const centred = (t: string, size: number, font: 'regular' | 'bold') => draw(t, (A4.width - measure(t, size, font)) / 2, size, font);
  const rule = () => {
    pdf.strokeColor(GREY).lineWidth(0.8).moveTo(M.left, y).lineTo(A4.width - M.right, y).stroke();
    y += 10;
  };
  const paragraph = (t: string, size = 10.5, font: 'regular' | 'bold' = 'regular', indent = 0) => {
    for (const line of wrapText(t || '—', width - indent, (x) => measure(x, size, font))) {
      ensure(size * 1.6);
      draw(line, M.left + indent, size, font);
      y += size * 1.6;
    }
  };

  newPage();
  const county = doc.verifier?.organisation || doc.author.organisation;
  centred(county || '县域医共体远程阅片中心', 16, 'bold');
  y += 24;
  centred(title, 14, 'bold');
  y += 26;
  draw(`申请机构：${s.requestingSite ?? ''}`, M.left, 9.5);
  const reading = `阅片机构：${county}`;
  draw(reading, A4.width - M.right - measure(reading, 9.5), 9.5);
  y += 18;
  rule();

  if (doc.criticalAlerts.length) {
    // 危急值 banner: the findings, then each alert's communication record (reporter, receiver, read-back, action).
    const items = [...new Set(doc.criticalAlerts.flatMap((a) => a.items))].join('、');
    const lines = wrapText(`危急值：${items || '已上报'}（已按危急值制度通知申请机构）`, width - 16, (t) => measure(t, 11, 'bold'));
    const record = doc.criticalAlerts.flatMap((a) => criticalCommunicationLines(a, fmt).slice(1)).flatMap((l) => wrapText(l, width - 16, (t) => measure(t, 8.5)));
    const h = lines.length * 16 + record.length * 12 + 8;
    ensure(h + 10);
    pdf.lineWidth(1.2).rect(M.left, y, width, h).fillAndStroke('#ffebeb', RED);
    y += 5;
    for (const l of lines) {
      draw(l, M.left + 8, 11, 'bold', RED);
      y += 16;
    }
    for (const l of record) {
      draw(l, M.left + 8, 8.5, 'regular', BLACK);
      y += 12;
    }
    y += 10;
  }

  const fields: Array<[string, string]> = [
    ['姓名', name],
    ['性别', SEX[s.patientSex ?? ''] ?? (s.patientSex || '')],
    ['出生日期', dicomDate(s.patientBirthDate)],
    ['患者ID', s.patientId ?? ''],
    ['检查号', s.accessionNumber ?? ''],
    ['检查日期', dicomDate(s.studyDate)],
    ['检查类型', examModalities(s.modalities).join('/')],
    ['申请医生', s.orderingClinician ?? ''],
    ...(s.wardLocation ? ([['科室/床号', s.wardLocation]] as Array<[string, string]>) : []),
  ];
  const colW = width / 2;
  for (let i = 0; i < fields.length; i += 2) {
    for (let j = 0; j < 2 && i + j < fields.length; j++) draw(`${fields[i + j][0]}：${fields[i + j][1]}`, M.left + j * colW, 10);
    y += 16;
  }
  paragraph(`检查项目：${s.examRequested || s.studyDescription || ''}`, 10);
  if (s.clinicalHistory) paragraph(`临床资料：${s.clinicalHistory}`, 10);
  y += 2;
  rule();

  const section = (heading: string, body: string) => {
    ensure(40);
    draw(heading, M.left, 12, 'bold');
    y += 20;
    paragraph(body, 10.5, 'regular', 12);
    y += 8;
  };
  section('检查所见：', doc.findings);
  section('诊断意见：', doc.impression);
  const table = measurementTable(doc);
  if (table) {
    // 测量值: name, value, unit, series/image; a cell wraps inside its column, a row never splits across pages.
    ensure(60);
    draw(table.heading, M.left, 12, 'bold');
    y += 20;
    const widths = [0.27, 0.4, 0.11, 0.22].map((f) => (width - 12) * f);
    const row = (cells: readonly string[], font: 'regular' | 'bold') => {
      const lines = cells.map((c, j) => wrapText(c, widths[j] - 6, (t) => measure(t, 9, font)));
      const h = Math.max(...lines.map((l) => l.length)) * 12 + 4;
      ensure(h);
      let x = M.left + 12;
      for (const [j, cell] of lines.entries()) {
        for (const [k, l] of cell.entries()) pdf.font(font).fontSize(9).fillColor(BLACK).text(l, x, y + 2 + k * 12, { lineBreak: false });
        x += widths[j];
      }
      y += h;
      pdf.strokeColor('#bfbfbf').lineWidth(0.5).moveTo(M.left + 12, y).lineTo(A4.width - M.right, y).stroke();
    };
    row(table.columns, 'bold');
    for (const r of table.rows) row(r, 'regular');
    y += 4;
    for (const f of table.footnotes) paragraph(f, 8.5, 'regular', 12);
    y += 8;
  }
  if (doc.keyPictures.length) {
    ensure(60);
    draw('关键图像：', M.left, 12, 'bold');
    y += 20;
    const cell = (width - 12) / 2;
    for (let i = 0; i < doc.keyPictures.length; i += 2) {
      const row = doc.keyPictures.slice(i, i + 2);
      const sizes = row.map((k) => Math.min(cell / k.width, 190 / k.height));
      const h = Math.max(...row.map((k, j) => k.height * sizes[j]));
      ensure(h + 24);
      for (const [j, k] of row.entries()) {
        const x = M.left + j * (cell + 12);
        pdf.image(Buffer.from(k.png), x, y, { width: k.width * sizes[j], height: k.height * sizes[j] });
        pdf.font('regular').fontSize(9).fillColor(GREY).text(k.caption, x, y + h + 3, { lineBreak: false });
      }
      y += h + 22;
    }
  }
  if (doc.amendment) section('修订说明：', `${doc.amendment.reason}（${doc.amendment.by}，${fmt(doc.amendment.at)}）`);

  ensure(90);
  rule();
  draw(`报告医师：${doc.author.name}`, M.left, 10.5);
  draw(`报告时间：${fmt(doc.author.at)}`, M.left + colW, 10.5);
  y += 18;
  draw(`审核医师：${doc.verifier?.name ?? '（待审核）'}`, M.left, 10.5);
  draw(`审核时间：${fmt(doc.verifier?.at)}`, M.left + colW, 10.5);
  y += 18;
  draw(`报告状态：${STATUS_LABELS[doc.status]['zh-CN']}\u3000版本：${doc.number}`, M.left, 9.5, 'regular', GREY);
  y += 20;
  draw('本报告仅供临床参考。', M.left, 9.5, 'bold');

  if (doc.ecg) addEcgPage(pdf, doc, doc.ecg); // ECG reports: the true-scale ECG page (A4 landscape) after the report

  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    y = pdf.page.height - 40;
    const label = `第${i + 1}页/共${range.count}页`;
    draw(label, (pdf.page.width - measure(label, 9)) / 2, 9, 'regular', GREY);
    draw(`${name}\u3000${s.patientId ?? ''}\u3000${s.accessionNumber ?? ''}`, M.left, 8, 'regular', GREY);
  }
  pdf.end();
  return done;
}
