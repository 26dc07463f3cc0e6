// pdfkit ships no type declarations; this describes only the part server/reports/pdf.ts uses.
declare module 'pdfkit' {
  interface TextOptions {
    lineBreak?: boolean;
    width?: number;
  }
  class PDFDocument {
    constructor(options?: {
      size?: string | [number, number];
      margins?: { top: number; bottom: number; left: number; right: number };
      bufferPages?: boolean;
      autoFirstPage?: boolean;
      lang?: string;
      displayTitle?: boolean;
      info?: Record<string, string | Date>;
      pdfVersion?: string;
    });
    on(event: 'data', fn: (chunk: Buffer) => void): this;
    on(event: 'end' | 'error', fn: (err?: unknown) => void): this;
    registerFont(name: string, src: Buffer | Uint8Array): this;
    font(name: string): this;
    fontSize(size: number): this;
    fillColor(color: string): this;
    strokeColor(color: string): this;
    lineWidth(w: number): this;
    text(text: string, x: number, y: number, options?: TextOptions): this;
    widthOfString(text: string): number;
    addPage(options?: { size?: string; layout?: 'portrait' | 'landscape'; margins?: { top: number; bottom: number; left: number; right: number } }): this;
    /** The current page (after addPage / switchToPage): its size in points. */
    readonly page: { width: number; height: number };
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    stroke(): this;
    rect(x: number, y: number, w: number, h: number): this;
    fillAndStroke(fill: string, stroke: string): this;
    image(src: Buffer | Uint8Array, x: number, y: number, options?: { width?: number; height?: number }): this;
    bufferedPageRange(): { start: number; count: number };
    switchToPage(n: number): this;
    end(): void;
  }
  export default PDFDocument;
}
