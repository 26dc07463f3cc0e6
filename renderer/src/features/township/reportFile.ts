/**
 * The suggested file name of a saved report PDF. Patient-safe: the accession number (else the
 * report id) and the version, never the patient's name or ID, so a file left in Downloads or on a
 * shared folder does not name the patient. Only characters every OS accepts in a file name.
 */
export function reportPdfFileName(prefix: string, accessionNumber: string | null, reportId: string, version: number): string {
  const clean = (s: string) =>
    s
      .normalize('NFKC')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/^[.-]+|[.-]+$/g, '')
      .slice(0, 64);
  const id = clean(accessionNumber ?? '') || clean(reportId).slice(0, 12) || 'report';
  return `${clean(prefix) || 'report'}_${id}_v${Math.max(1, Math.trunc(version))}.pdf`;
}
