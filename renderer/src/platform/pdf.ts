import type { PrintOutcome, SaveOutcome, TeleReadBridge } from '../../../shared/api/bridge.js';
import { resolvePlatform } from './bridge.js';

/**
 * Printing and saving the signed report PDF from its bytes, exactly as the hub signed them.
 * Desktop: the shell prints them (system dialog, or silently on a kiosk) or saves them through
 * the save dialog. Browser: the browser's PDF viewer opens them (its print button prints), and
 * saving is a download of the same bytes.
 */
export function printPdf(bytes: Uint8Array, title: string, platform: TeleReadBridge = resolvePlatform()): Promise<PrintOutcome> {
  return platform.printPdf({ bytes, title });
}

export async function savePdf(bytes: Uint8Array, suggestedName: string, platform: TeleReadBridge = resolvePlatform()): Promise<SaveOutcome> {
  if (platform.savePdf) return platform.savePdf({ bytes, suggestedName });
  const fileName = /\.pdf$/i.test(suggestedName) ? suggestedName : `${suggestedName}.pdf`;
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { saved: true, fileName };
}
