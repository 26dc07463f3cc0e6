import { cache, Enums, imageLoader, type Types } from '@cornerstonejs/core';

/**
 * Loads one frame into Cornerstone's session cache, as `imageLoader.loadAndCacheImage` does, but
 * with every promise handled: Cornerstone's own version drops the promise of its cache entry, which
 * rethrows a refused frame (HTTP 502/503, network loss) as an unhandled rejection in the page. The
 * caller gets the load's rejection and reports it on the viewport; the cache forgets the failed
 * frame, so a retry fetches it again.
 */
export function loadAndCacheFrame(imageId: string, interactive = false): Promise<Types.IImage> {
  const cached = cache.getImageLoadObject(imageId);
  if (cached) return cached.promise;
  const options = interactive ? { priority: 5, requestType: Enums.RequestType.Interaction } : { priority: 0, requestType: Enums.RequestType.Prefetch };
  const promise = imageLoader.loadImage(imageId, options);
  cache.putImageLoadObject(imageId, { promise }).catch(() => undefined);
  return promise;
}
