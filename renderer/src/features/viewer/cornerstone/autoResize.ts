import { Enums, getRenderingEngines } from '@cornerstonejs/core';

/**
 * Keeps every Cornerstone canvas the size of its element. Without it a viewport created in a small
 * cell (a 2×2 hanging protocol) keeps its old canvas when the layout becomes 1×1 or the window or
 * the report panel changes size: the picture is stretched by CSS and mouse positions no longer
 * match image positions, so measurements would be drawn where the reader did not click.
 * Returns the cleanup.
 */
export function autoResizeViewports(): () => void {
  const observed = new WeakSet<Element>();
  let frame = 0;
  const resize = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      for (const e of getRenderingEngines() ?? []) {
        try {
          e.resize(true, true);
        } catch {
          // an engine being torn down
        }
      }
    });
  };
  // Only a real mismatch between the element and its canvas resizes (no resize loops, no resizes
  // while nothing changed: a resize mid-drag would move the image under the pointer).
  const ro = new ResizeObserver((entries) => {
    const dpr = window.devicePixelRatio || 1;
    const stale = entries.some((e) => {
      const canvas = e.target.querySelector('canvas');
      if (!canvas) return false;
      const { width, height } = e.contentRect;
      return Math.abs(canvas.width / dpr - width) > 2 || Math.abs(canvas.height / dpr - height) > 2;
    });
    if (stale) resize();
  });
  // Viewport elements come and go with layouts: pick them up when they first render.
  const onRendered = (evt: Event) => {
    const el = evt.target as Element | null;
    if (el && !observed.has(el)) {
      observed.add(el);
      ro.observe(el);
    }
  };
  document.addEventListener(Enums.Events.IMAGE_RENDERED, onRendered, true);
  return () => {
    cancelAnimationFrame(frame);
    ro.disconnect();
    document.removeEventListener(Enums.Events.IMAGE_RENDERED, onRendered, true);
  };
}
