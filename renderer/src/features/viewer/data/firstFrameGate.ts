/**
 * The first slice the reader sees is the first frame the viewer asks for, alone: the first cell of
 * the layout requests it, every other cell (a second window of the same series, the coronal
 * reformat that streams the whole series into a volume, the prior) waits until that slice is drawn
 * or has failed. A cell never waits longer than `maxWaitMs` after it started waiting (a first cell
 * that shows nothing must not keep the others empty). Pure: timers are passed in for the tests.
 */
export interface FirstFrameGate {
  /** resolves when the first cell's first frame is drawn or failed, or `maxWaitMs` after the first call */
  ready(): Promise<void>;
  /** the first cell's first frame is drawn, or could not be: the others may load */
  open(): void;
  readonly isOpen: boolean;
}

export interface GateTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const FIRST_FRAME_MAX_WAIT_MS = 3000;

const realTimers: GateTimers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
};

export function createFirstFrameGate(maxWaitMs = FIRST_FRAME_MAX_WAIT_MS, timers: GateTimers = realTimers): FirstFrameGate {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  let opened = false;
  let timer: unknown = null;
  const gate: FirstFrameGate = {
    ready() {
      if (!opened && timer === null) timer = timers.setTimeout(() => gate.open(), maxWaitMs);
      return promise;
    },
    open() {
      if (opened) return;
      opened = true;
      globalThis.performance?.mark?.('teleread:first-frame-gate');
      if (timer !== null) timers.clearTimeout(timer);
      resolve();
    },
    get isOpen() {
      return opened;
    },
  };
  return gate;
}

/** An already open gate (a layout change after the study opened: nothing to wait for). */
export function openGate(): FirstFrameGate {
  const g = createFirstFrameGate();
  g.open();
  return g;
}
