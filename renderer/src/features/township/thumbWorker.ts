import { thumbFromCompressed } from './compressedThumb.js';
import type { ThumbRequest, ThumbReply } from './thumbDecoder.js';

/**
 * The upload screen's decode worker: one compressed first frame in, a ~96 px RGBA thumbnail out.
 * The full-size decoded frame (up to 2140×1760×16 bit for a CR) lives and dies here.
 */
self.onmessage = async (e: MessageEvent<ThumbRequest>) => {
  const { id, frame, info, size } = e.data;
  let reply: ThumbReply;
  try {
    reply = { id, thumb: await thumbFromCompressed(new Uint8Array(frame), info, size) };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  self.postMessage(reply, { transfer: 'thumb' in reply && reply.thumb.kind === 'image' ? [reply.thumb.rgba.buffer] : [] });
};
