import type { RegisterRow } from '../../shared/api/critical.js';
import { displayText } from '../../shared/text/display.js';
import { cst } from '../reports/dicom.js';
import { openPdf, wrapText } from '../reports/pdf.js';

/**
 * The 危急值登记 register as a landscape A4 PDF: Chinese headings, one row per alert (cells wrap,
 * a row never splits across pages), the heading row repeated on every page, the filter and the
 * time of export in the title block, 第x页/共y页 at the foot. Fonts: the report module's embedded
 * Noto Sans SC (server/reports/pdf.ts), so the Chinese prints on any printer.
 */
const PAGE = { width: 841.89, height: 595.28 };
const M = { left: 28, right: 28, top: 32, bottom: 36 };
const GREY = '#595959';
const RED = '#bf0d0d';
const SIZE = 7.5;
const LINE = 10;

export const fmtCst = (isoText: string) => {
  if (!isoText) return '';
  const c = cst(new Date(isoText));
  return `${c.date.slice(0, 4)}-${c.date.slice(4, 6)}-${c.date.slice(6, 8)} ${c.time.slice(0, 2)}:${c.time.slice(2, 4)}`;
};

const LADDER: Record<string, string> = { L1: 'L1 本院其他人员', L2: 'L2 院长', L3: 'L3 医共体主管' };

/** "2026-…Z L2 → director:town1" → "2026-11-23 12:20" / "L2 院长" / "→ director:town1" (Beijing time, one per line). */
export const escalationText = (e: string) => {
  const m = /^(\S+) (L[123]) → (.*)$/.exec(e);
  return m ? `${fmtCst(m[1])}\n${LADDER[m[2]] ?? m[2]}\n→ ${m[3].split(',').join(', ')}` : e;
};

/** Columns: heading and relative width; the text comes from the register row. */
const COLUMNS: Array<{ head: string; w: number; cell: (r: RegisterRow) => string }> = [
  { head: '报告时间', w: 7, cell: (r) => fmtCst(r.raisedAt) },
  { head: '患者/科室床号', w: 9, cell: (r) => [r.patientName, [r.patientSex, r.patientAge && `${r.patientAge}岁`].filter(Boolean).join(' '), r.patientId, r.departmentBed].filter(Boolean).join('\n') },
  { head: '检查', w: 8, cell: (r) => [r.exam, r.accessionNumber].filter(Boolean).join('\n') },
  { head: '危急值内容', w: 11, cell: (r) => `${r.content}\n(${r.catalogueCodes}, v${r.catalogueVersion}, 类${r.category})` },
  { head: '报告人', w: 7, cell: (r) => `${r.reporter}\n${r.reportingInstitution}` },
  { head: '接收机构', w: 7, cell: (r) => r.receivingInstitution },
  { head: '接收人/时间', w: 8, cell: (r) => [r.receiver, r.receiverPhone, fmtCst(r.receivedAt), r.signedBy && `账号 ${r.signedBy}`].filter(Boolean).join('\n') },
  { head: '复述', w: 8, cell: (r) => (r.readBack ? r.readBack : '未复述') },
  { head: '处理措施/时间', w: 11, cell: (r) => [r.action, r.treatingPhysician, fmtCst(r.actionAt), r.referral && `转诊 ${r.referral}`].filter(Boolean).join('\n') },
  { head: '升级记录', w: 10, cell: (r) => r.escalations.split('; ').filter(Boolean).map(escalationText).join('\n') },
  { head: '结局', w: 8, cell: (r) => r.outcome },
];

export async function registerPdf(rows: RegisterRow[], filter: string, created = new Date()): Promise<Uint8Array> {
  const { pdf, done } = openPdf({
    margins: { top: M.top, bottom: 0, left: M.left, right: M.right },
    lang: 'zh-CN',
    info: { Title: '危急值登记本 Critical value register', CreationDate: created, ModDate: created },
  });

  const width = PAGE.width - M.left - M.right;
  const unit = width / COLUMNS.reduce((n, c) => n + c.w, 0);
  const widths = COLUMNS.map((c) => c.w * unit);
  const bottom = PAGE.height - M.bottom - 12;
  const measure = (t: string, font: 'regular' | 'bold' = 'regular', size = SIZE) => pdf.font(font).fontSize(size).widthOfString(t);
  const draw = (t: string, x: number, yy: number, size = SIZE, font: 'regular' | 'bold' = 'regular', color = '#000000') =>
    pdf.font(font).fontSize(size).fillColor(color).text(t, x, yy, { lineBreak: false });
  let y = 0;

  const header = () => {
    const x0 = M.left;
    const lines = COLUMNS.map((c, i) => wrapText(c.head, widths[i] - 6, (t) => measure(t, 'bold')));
    const h = Math.max(...lines.map((l) => l.length)) * LINE + 6;
    pdf.lineWidth(0.6).rect(x0, y, width, h).fillAndStroke('#e8e8e8', GREY);
    let x = x0;
    lines.forEach((l, i) => {
      l.forEach((line, j) => draw(line, x + 3, y + 3 + j * LINE, SIZE, 'bold'));
      x += widths[i];
    });
    y += h;
  };
  const newPage = (first: boolean) => {
    // A variable: works whether or not the local pdfkit typings list `layout`.
    const opts = { size: 'A4', layout: 'landscape' as const, margins: { top: M.top, bottom: 0, left: M.left, right: M.right } };
    pdf.addPage(opts);
    y = M.top;
    if (first) {
      draw('危急值登记本', M.left, y, 15, 'bold');
      draw('Critical value register (危急值登记)', M.left + measure('危急值登记本', 'bold', 15) + 12, y + 4, 9, 'regular', GREY);
      y += 22;
      draw(`导出时间：${fmtCst(created.toISOString())}（北京时间）\u3000条件：${filter || '全部'}\u3000共 ${rows.length} 条`, M.left, y, 8.5, 'regular', GREY);
      y += 16;
    }
    header();
  };

  newPage(true);
  if (!rows.length) {
    y += 8;
    draw('（无符合条件的危急值记录）', M.left, y, 10);
  }
  for (const [n, r] of rows.entries()) {
    // A long register takes seconds to lay out: yield now and then so live alert pushes are not held up.
    if (n % 50 === 49) await new Promise<void>((resolve) => setImmediate(resolve));
    const cells = COLUMNS.map((c, i) => wrapText(displayText(c.cell(r)) || '—', widths[i] - 6, (t) => measure(t)));
    const h = Math.max(...cells.map((l) => l.length)) * LINE + 6;
    if (y + h > bottom) newPage(false);
    pdf.lineWidth(0.4).strokeColor(GREY).rect(M.left, y, width, h).stroke();
    let x = M.left;
    const open = r.state !== 'closed' && !r.receivedAt;
    cells.forEach((lines, i) => {
      if (i > 0) pdf.strokeColor(GREY).lineWidth(0.3).moveTo(x, y).lineTo(x, y + h).stroke();
      lines.forEach((line, j) => draw(line, x + 3, y + 3 + j * LINE, SIZE, 'regular', open && i === COLUMNS.length - 1 ? RED : '#000000'));
      x += widths[i];
    });
    y += h;
  }

  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const label = `第${i + 1}页/共${range.count}页`;
    draw(label, (PAGE.width - measure(label, 'regular', 8)) / 2, PAGE.height - M.bottom + 8, 8, 'regular', GREY);
    draw('TeleRead 危急值登记', M.left, PAGE.height - M.bottom + 8, 8, 'regular', GREY);
  }
  pdf.end();
  return done;
}
