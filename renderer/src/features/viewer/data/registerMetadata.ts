import { wadors } from '@cornerstonejs/dicom-image-loader';
import { sanitizeForDisplay } from '../domain/sanitize.js';
import type { LoadedSeries } from './dicomweb.js';

/**
 * Gives Cornerstone the WADO-RS metadata of each frame before setStack/setVolumes (DOMAIN.md §5.2
 * step 7). The loader's wadors provider derives the per-frame modules, multi-frame included.
 */
export function registerSeriesMetadata(series: LoadedSeries): void {
  series.imageIds.forEach((imageId, i) => {
    // metaDataManager.add marks the object (isMultiframe); sanitizeForDisplay gives each frame its own copy.
    wadors.metaDataManager.add(imageId, sanitizeForDisplay(series.instances[i]) as Parameters<typeof wadors.metaDataManager.add>[1]);
  });
}
