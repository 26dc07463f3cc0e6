import { describe, expect, it } from 'vitest';
import { createFirstFrameGate, type GateTimers } from './firstFrameGate.js';

function manualTimers() {
  const due: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const timers: GateTimers = {
    setTimeout: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      due.push(t);
      return t;
    },
    clearTimeout: (h) => {
      (h as { cleared: boolean }).cleared = true;
    },
  };
  return { timers, due };
}

const flush = async () => {
  for (let i = 0; i < 3; i++) await Promise.resolve();
};

describe('first-frame gate (the first cell\'s slice before any other cell loads)', () => {
  it('holds the other cells until the first slice is drawn, then lets them all go', async () => {
    const { timers, due } = manualTimers();
    const gate = createFirstFrameGate(3000, timers);
    const started: string[] = [];
    void gate.ready().then(() => started.push('mediastinum'));
    void gate.ready().then(() => started.push('coronal'));
    await flush();
    expect(started).toEqual([]);
    expect(due).toHaveLength(1);
    gate.open();
    await flush();
    expect(started).toEqual(['mediastinum', 'coronal']);
    expect(due[0].cleared).toBe(true);
    // a later layout change waits for nothing
    let later = false;
    void gate.ready().then(() => (later = true));
    await flush();
    expect(later).toBe(true);
  });

  it('never holds them longer than the limit when the first cell shows nothing', async () => {
    const { timers, due } = manualTimers();
    const gate = createFirstFrameGate(3000, timers);
    let released = false;
    void gate.ready().then(() => (released = true));
    await flush();
    expect(released).toBe(false);
    expect(due[0].ms).toBe(3000);
    due[0].fn();
    await flush();
    expect(released).toBe(true);
    expect(gate.isOpen).toBe(true);
  });
});
