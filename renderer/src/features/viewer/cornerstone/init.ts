import { cache, init as csInit, getConfiguration, volumeLoader, cornerstoneStreamingImageVolumeLoader } from '@cornerstonejs/core';
import { init as toolsInit } from '@cornerstonejs/tools';
import { init as dicomImageLoaderInit } from '@cornerstonejs/dicom-image-loader';

/** Ask for frames as stored; the workers decode them (PS3.18 8.7.3.5.2, DOMAIN.md §3.1). */
export const FRAME_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';

/** Default session frame cache: enough for a few CTs, small enough for a 4 GB township PC (OHIF#6062). */
export const DEFAULT_CACHE_BYTES = 768 * 1024 * 1024;

export interface CornerstoneEnvironment {
  /** false when WebGL2 is missing and Cornerstone draws on the CPU (slower, no MPR) */
  gpu: boolean;
}

let tokenSource: (() => Promise<string>) | null = null;
let initialised: CornerstoneEnvironment | null = null;

/**
 * Cornerstone's loader, cache and metadata are process-wide singletons; this is the one place that
 * touches their set-up. Safe to call on every viewer mount: the loader is initialised once (its
 * init purges the cache), later calls only swap the token source and the cache budget.
 */
export function initCornerstone(getToken: () => Promise<string>, cacheBytes = DEFAULT_CACHE_BYTES): CornerstoneEnvironment {
  tokenSource = getToken;
  if (!initialised) {
    csInit();
    toolsInit();
    dicomImageLoaderInit({
      // OHIF keeps to 3: some Windows machines misbehave above that; 2 cores here want fewer.
      maxWebWorkers: Math.max(1, Math.min(3, Math.floor((navigator.hardwareConcurrency || 2) / 2))),
      beforeSend: async () => {
        const token = tokenSource ? await tokenSource() : '';
        return { Authorization: `Bearer ${token}`, Accept: FRAME_ACCEPT };
      },
    });
    volumeLoader.registerVolumeLoader('cornerstoneStreamingImageVolume', cornerstoneStreamingImageVolumeLoader as unknown as Parameters<typeof volumeLoader.registerVolumeLoader>[1]);
    initialised = { gpu: !getConfiguration().rendering?.useCPURendering };
  }
  cache.setMaxCacheSize(cacheBytes);
  return initialised;
}
