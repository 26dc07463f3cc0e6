import { useEffect, useState } from 'react';
import type { PrintSetup } from '../../../../shared/api/bridge.js';
import { describeError } from '../../api/errors.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';
import { isDesktop, resolvePlatform, type TeleReadBridge } from '../../platform/bridge.js';
import { platformErrorText } from '../../platform/errors.js';
import type { TownshipTranslate } from './i18n.js';

type PrintSetupBridge = Required<Pick<TeleReadBridge, 'getPrintSetup' | 'setPrintSetup'>>;

/** The shell's print setup methods, when this is the desktop app (absent in a browser). */
function printSetupBridge(): PrintSetupBridge | null {
  if (!isDesktop()) return null;
  const p = resolvePlatform();
  return p.getPrintSetup && p.setPrintSetup ? { getPrintSetup: p.getPrintSetup.bind(p), setPrintSetup: p.setPrintSetup.bind(p) } : null;
}

/**
 * This PC's print setup (desktop app only): silent printing for a township kiosk, and the printer.
 * Stored by the shell, not the hub; a page can never switch silent printing on by itself.
 */
export function PrintSetupPanel(props: { t: TownshipTranslate }) {
  const [bridge] = useState(printSetupBridge);
  if (!bridge) return null;
  return <PrintSetupForm t={props.t} bridge={bridge} />;
}

function PrintSetupForm(props: { t: TownshipTranslate; bridge: PrintSetupBridge }) {
  const { t, bridge } = props;
  const tShell = useT();
  const [locale] = useLocale();
  const [setup, setSetup] = useState<PrintSetup | null>(null);
  const [silent, setSilent] = useState(false);
  const [printer, setPrinter] = useState('');
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; text: string }>({ kind: 'idle' });
  const reason = (err: unknown) => platformErrorText(err, locale) ?? describeError(err, tShell);

  useEffect(() => {
    let live = true;
    bridge.getPrintSetup().then(
      (s) => {
        if (!live) return;
        setSetup(s);
        setSilent(s.silent);
        setPrinter(s.printer ?? '');
      },
      (err) => live && setState({ kind: 'error', text: t('tw.printSetup.loadError', { reason: reason(err) }) }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bridge]);

  const save = async () => {
    setState({ kind: 'saving' });
    try {
      await bridge.setPrintSetup({ silent, printer: printer || null });
      setState({ kind: 'saved' });
    } catch (err) {
      setState({ kind: 'error', text: t('tw.printSetup.saveError', { reason: reason(err) }) });
    }
  };

  const printers = setup?.printers ?? [];
  const unknownPrinter = printer !== '' && setup !== null && !printers.some((p) => p.name === printer);
  return (
    <details className="tw-print-setup" data-testid="print-setup">
      <summary>{t('tw.printSetup.title')}</summary>
      <p className="tw-muted">{t('tw.printSetup.hint')}</p>
      <label className="tw-row">
        <input type="checkbox" checked={silent} disabled={!setup} onChange={(e) => (setSilent(e.target.checked), setState({ kind: 'idle' }))} data-testid="print-setup-silent" />
        {t('tw.printSetup.silent')}
      </label>
      <label className="tw-row">
        {t('tw.printSetup.printer')}
        <select value={printer} disabled={!setup} onChange={(e) => (setPrinter(e.target.value), setState({ kind: 'idle' }))} data-testid="print-setup-printer">
          <option value="">{t('tw.printSetup.default')}</option>
          {unknownPrinter && <option value={printer}>{t('tw.printSetup.unavailable', { name: printer })}</option>}
          {printers.map((p) => (
            <option key={p.name} value={p.name}>
              {p.displayName || p.name}
            </option>
          ))}
        </select>
      </label>
      {setup && printers.length === 0 && <p className="tw-warn">{t('tw.printSetup.noPrinters')}</p>}
      {unknownPrinter && <p className="tw-warn">{t('tw.printSetup.unavailableHint', { name: printer })}</p>}
      <div className="tw-row">
        <button type="button" onClick={() => void save()} disabled={!setup || state.kind === 'saving'} data-testid="print-setup-save">
          {t('tw.printSetup.save')}
        </button>
        {state.kind === 'saved' && (
          <span className="tw-muted" role="status" data-testid="print-setup-saved">
            {t('tw.printSetup.saved')}
          </span>
        )}
      </div>
      {state.kind === 'error' && (
        <p className="tw-error" role="alert">
          {state.text}
        </p>
      )}
    </details>
  );
}
