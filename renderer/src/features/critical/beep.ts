/**
 * An alarm tone with WebAudio, repeated until stopped. Browsers only let audio start after a user
 * gesture: if the context stays suspended the desktop notification and the modal still alert.
 */
export function startAlarm(intervalMs = 4000): () => void {
  const Ctx = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  if (!Ctx) return () => undefined;
  let ctx: AudioContext | null = null;
  try {
    ctx = new Ctx();
  } catch {
    return () => undefined;
  }
  const audio = ctx;
  const beep = () => {
    void audio.resume().catch(() => undefined);
    for (const offset of [0, 0.35]) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'square';
      osc.frequency.value = 880;
      gain.gain.value = 0.08;
      osc.connect(gain).connect(audio.destination);
      const at = audio.currentTime + offset;
      osc.start(at);
      osc.stop(at + 0.2);
    }
  };
  beep();
  const timer = setInterval(beep, intervalMs);
  // Autoplay rules: the first key or click anywhere (e.g. in the modal's form) unlocks the sound.
  const unlock = () => void audio.resume().catch(() => undefined);
  window.addEventListener('pointerdown', unlock, true);
  window.addEventListener('keydown', unlock, true);
  return () => {
    clearInterval(timer);
    window.removeEventListener('pointerdown', unlock, true);
    window.removeEventListener('keydown', unlock, true);
    void audio.close().catch(() => undefined);
  };
}
