import type { IpcMainInvokeEvent } from 'electron';
import { IPC_ARGS, IPC_CHANNELS, type IpcArgs, type IpcChannel } from '../../shared/api/ipc.js';
import type { OpenedFile, TeleReadAppInfo, TeleReadBridge } from '../../shared/api/bridge.js';

/**
 * IPC handlers: every call is checked for its sender frame (checklist #17) and its arguments
 * (zod schemas from shared/api/ipc.ts) before the handler runs. Handlers are plain functions.
 */
type C = typeof IPC_CHANNELS;
type Result<M extends keyof TeleReadBridge> = Awaited<ReturnType<NonNullable<TeleReadBridge[M]>>>;

/** What each handler returns, keyed by channel. */
export interface IpcResults {
  [IPC_CHANNELS.getSettings]: Result<'getSettings'>;
  [IPC_CHANNELS.printPdf]: Result<'printPdf'>;
  [IPC_CHANNELS.savePdf]: Result<'savePdf'>;
  [IPC_CHANNELS.getPrintSetup]: Result<'getPrintSetup'>;
  [IPC_CHANNELS.setPrintSetup]: void;
  [IPC_CHANNELS.notify]: void;
  [IPC_CHANNELS.storeRefreshToken]: void;
  [IPC_CHANNELS.loadRefreshToken]: string | null;
  [IPC_CHANNELS.getAppInfo]: TeleReadAppInfo;
  [IPC_CHANNELS.setHub]: Result<'setHub'>;
  [IPC_CHANNELS.setLanguage]: void;
  [IPC_CHANNELS.getEcgCalibration]: Result<'getEcgCalibration'>;
  [IPC_CHANNELS.setEcgCalibration]: void;
  [IPC_CHANNELS.setAttention]: void;
  [IPC_CHANNELS.takePendingStudy]: string | null;
  [IPC_CHANNELS.takeOpenedFiles]: OpenedFile[];
  [IPC_CHANNELS.readOpenedFile]: Uint8Array;
}

export type IpcHandlers = { [K in IpcChannel]: (...args: IpcArgs<K>) => IpcResults[K] | Promise<IpcResults[K]> };

/** Thrown to the renderer when a call is refused; the message names the channel, never the arguments. */
export class IpcRefusedError extends Error {
  override name = 'IpcRefusedError';
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
}

export interface RegisterIpcOptions {
  ipcMain: IpcMainLike;
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean;
  handlers: IpcHandlers;
  log: (message: string) => void;
}

/** Wraps one handler with the sender and argument checks; exported for tests. */
export function guardedHandler<K extends IpcChannel>(channel: K, options: Omit<RegisterIpcOptions, 'ipcMain'>) {
  return async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<IpcResults[K]> => {
    if (!options.isTrustedSender(event)) {
      options.log(`IPC ${channel} refused: untrusted sender ${event.senderFrame?.url ?? '(destroyed frame)'}`);
      throw new IpcRefusedError(`${channel}: sender not allowed`);
    }
    const parsed = IPC_ARGS[channel].safeParse(args);
    if (!parsed.success) {
      options.log(`IPC ${channel} refused: invalid arguments (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
      throw new IpcRefusedError(`${channel}: invalid arguments`);
    }
    const handler = options.handlers[channel] as (...a: unknown[]) => IpcResults[K] | Promise<IpcResults[K]>;
    return handler(...(parsed.data as unknown[]));
  };
}

export function registerIpcHandlers(options: RegisterIpcOptions): void {
  for (const channel of Object.values(IPC_CHANNELS) as C[keyof C][]) {
    options.ipcMain.handle(channel, guardedHandler(channel, options));
  }
}
