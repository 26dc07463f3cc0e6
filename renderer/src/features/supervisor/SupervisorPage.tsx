import { useEffect, useState } from 'react';
import type { Site } from '../../../../shared/api/auth.js';
import { useClient } from '../../api/ClientContext.js';
import { describeError } from '../../api/errors.js';
import { useT } from '../../i18n/I18nProvider.js';
import { sites as listSites } from './api.js';
import { CatalogueTab } from './CatalogueTab.js';
import { useSupervisorT } from './i18n.js';
import { MetricsTab } from './MetricsTab.js';
import { RegisterTab } from './RegisterTab.js';
import './supervisor.css';

type Tab = 'register' | 'metrics' | 'catalogue';

/** The supervisor's critical-value screens: 危急值登记 register, metrics dashboard, catalogue editor. */
export function SupervisorPage(props: { tab?: string; navigate?(path: string): void }) {
  const t = useSupervisorT();
  const tShell = useT();
  const client = useClient();
  const initial: Tab = props.tab === 'metrics' || props.tab === 'catalogue' ? props.tab : 'register';
  const [tab, setTab] = useState<Tab>(initial);
  const [sites, setSites] = useState<Site[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listSites(client).then(setSites, (err: unknown) => setError(describeError(err, tShell)));
  }, [client, tShell]);

  return (
    <div className="sv-page" data-testid="supervisor-page">
      <h1>{t('sv.title')}</h1>
      <div className="sv-tabs" role="tablist">
        {(['register', 'metrics', 'catalogue'] as const).map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} className={tab === k ? 'sv-tab-on' : ''} onClick={() => setTab(k)} data-testid={`sv-tab-${k}`}>
            {t(`sv.tab.${k}`)}
          </button>
        ))}
      </div>
      {error && (
        <p className="sv-error" role="alert">
          {error}
        </p>
      )}
      {tab === 'register' && <RegisterTab t={t} sites={sites} />}
      {tab === 'metrics' && <MetricsTab t={t} sites={sites} />}
      {tab === 'catalogue' && <CatalogueTab t={t} />}
    </div>
  );
}
