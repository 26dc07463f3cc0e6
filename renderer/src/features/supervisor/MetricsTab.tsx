import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { Site } from '../../../../shared/api/auth.js';
import type { MetricsReport } from '../../../../shared/api/critical.js';
import { useClient } from '../../api/ClientContext.js';
import { describeError } from '../../api/errors.js';
import { useT } from '../../i18n/I18nProvider.js';
import { connectHubEvents } from '../worklist/liveEvents.js';
import { metrics } from './api.js';
import { BarChart, LineChart } from './Charts.js';
import type { SupervisorTranslate } from './i18n.js';
import { FilterBar } from './RegisterTab.js';
import { EMPTY_FILTER, periods, registerQuery, type Period, type RegisterFilter } from './model.js';

type M = MetricsReport['overall'];

function Tile(props: { label: string; value: number | null; unit?: string; sub?: string; testId: string; n?: number }) {
  return (
    <div className="sv-tile">
      <div className="sv-muted">{props.label}</div>
      <div className="sv-tile-value" data-testid={props.testId} data-n={props.n}>
        {props.value === null ? '—' : `${props.value}${props.unit ?? ''}`}
      </div>
      {props.sub && <div className="sv-muted">{props.sub}</div>}
    </div>
  );
}

/** Time to notify / acknowledge / act, % within deadline, % escalated and open alerts, per site, category and period. */
export function MetricsTab(props: { t: SupervisorTranslate; sites: Site[] }) {
  const { t } = props;
  const client = useClient();
  const tShell = useT();
  const [filter, setFilter] = useState<RegisterFilter>(EMPTY_FILTER);
  const [period, setPeriod] = useState<Period>('week');
  const [report, setReport] = useState<MetricsReport | null>(null);
  const [trend, setTrend] = useState<{ labels: string[]; values: M[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<'connecting' | 'live' | 'offline'>('connecting');
  /** The filter and period last applied (not the form being edited): live updates reload these. */
  const applied = useRef<{ filter: RegisterFilter; period: Period }>({ filter: EMPTY_FILTER, period: 'week' });
  /** Only the latest load may set the figures (an older answer can arrive after a newer one). */
  const latest = useRef(0);

  const load = useCallback(
    async (f: RegisterFilter, p: Period) => {
      const q = registerQuery({ ...f, q: '', category: '', state: '' });
      if (q === null) return setError(t('sv.f.badRange'));
      applied.current = { filter: f, period: p };
      const mine = ++latest.current;
      try {
        const ranges = periods(p, new Date());
        const site: Record<string, string> = f.siteId ? { siteId: f.siteId } : {};
        const [all, ...per] = await Promise.all([
          metrics(client, q),
          ...ranges.map((r) => metrics(client, new URLSearchParams({ ...site, from: r.from.toISOString(), to: r.to.toISOString() }).toString())),
        ]);
        if (mine !== latest.current) return;
        setError(null);
        setReport(all);
        setTrend({ labels: ranges.map((r) => r.label), values: per.map((x) => x.overall) });
      } catch (err) {
        if (mine === latest.current) setError(describeError(err, tShell));
      }
    },
    // t changes with the locale only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, tShell],
  );
  useEffect(() => {
    void load(EMPTY_FILTER, 'week');
  }, [load]);

  // Live: every alert event (raised, acknowledged, escalated, actioned, closed …) reloads the figures
  // for the applied filter, coalesced over a short moment; so does each (re)connection, which covers
  // anything that happened while the socket was down or still opening.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reload = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(applied.current.filter, applied.current.period), 250);
    };
    const conn = connectHubEvents({
      getToken: () => client.session.accessToken(),
      onStatus: (s) => {
        setLive(s);
        if (s === 'live') reload();
      },
      onEvent: (e) => {
        if (e.type.startsWith('alert.')) reload();
      },
    });
    return () => {
      clearTimeout(timer);
      conn.close();
    };
  }, [client, load]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load(filter, period);
  };
  const o = report?.overall;
  const timeSeries = (rows: M[]) => [
    { name: t('sv.m.notify'), values: rows.map((r) => r.notify.median) },
    { name: t('sv.m.ack'), values: rows.map((r) => r.ack.median) },
    { name: t('sv.m.action'), values: rows.map((r) => r.action.median) },
  ];
  const pctSeries = (rows: M[]) => [
    { name: t('sv.m.ackWithin'), values: rows.map((r) => r.ackWithinTargetPct) },
    { name: t('sv.m.actionWithin'), values: rows.map((r) => r.actionWithinTargetPct) },
    { name: t('sv.m.escalated'), values: rows.map((r) => r.escalatedPct) },
  ];

  return (
    <section data-testid="sv-metrics">
      <form className="sv-filters" onSubmit={submit}>
        <FilterBar t={t} sites={props.sites} value={filter} onChange={setFilter} text={false} status={false} />
        <label>
          {t('sv.m.period')}
          <select value={period} onChange={(e) => setPeriod(e.target.value as Period)} data-testid="sv-m-period">
            {(['day', 'week', 'month'] as const).map((p) => (
              <option key={p} value={p}>
                {t(`sv.m.period.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="sv-primary" data-testid="sv-m-apply">
          {t('sv.f.search')}
        </button>
        <span className={live === 'offline' ? 'sv-error' : 'sv-muted'} data-testid="sv-m-live" data-status={live} role="status">
          {t(`sv.m.live.${live}`)}
        </span>
      </form>
      {error && (
        <p className="sv-error" role="alert">
          {error}
        </p>
      )}
      {!report && !error && <p>{t('sv.loading')}</p>}
      {o && report && (
        <>
          <h2>{t('sv.m.overall')}</h2>
          <div className="sv-tiles">
            <Tile label={t('sv.m.count')} value={o.count} testId="sv-m-count" />
            <Tile label={t('sv.m.open')} value={o.open} testId="sv-m-open" />
            <Tile label={t('sv.m.notify')} value={o.notify.median} sub={t('sv.m.p90', { v: o.notify.p90 ?? '—' })} testId="sv-m-notify" n={o.notify.n} />
            <Tile label={t('sv.m.ack')} value={o.ack.median} sub={t('sv.m.p90', { v: o.ack.p90 ?? '—' })} testId="sv-m-ack" n={o.ack.n} />
            <Tile label={t('sv.m.action')} value={o.action.median} sub={t('sv.m.p90', { v: o.action.p90 ?? '—' })} testId="sv-m-action" n={o.action.n} />
            <Tile label={t('sv.m.notifyWithin')} value={o.notifyWithinTargetPct} unit="%" testId="sv-m-notify-within" />
            <Tile label={t('sv.m.ackWithin')} value={o.ackWithinTargetPct} unit="%" testId="sv-m-ack-within" />
            <Tile label={t('sv.m.actionWithin')} value={o.actionWithinTargetPct} unit="%" testId="sv-m-action-within" />
            <Tile label={t('sv.m.escalated')} value={o.escalatedPct} unit="%" testId="sv-m-escalated" />
          </div>
          {o.count === 0 && <p>{t('sv.m.empty')}</p>}
          <div className="sv-charts">
            <BarChart testId="sv-chart-site-times" title={`${t('sv.m.bySite')} · ${t('sv.m.times')}`} labels={report.bySite.map((s) => s.siteName)} series={timeSeries(report.bySite)} />
            <BarChart testId="sv-chart-site-pcts" title={`${t('sv.m.bySite')} · ${t('sv.m.pcts')}`} labels={report.bySite.map((s) => s.siteName)} series={pctSeries(report.bySite)} unit="%" max={100} />
            <BarChart
              testId="sv-chart-site-open"
              title={`${t('sv.m.bySite')} · ${t('sv.m.openChart')}`}
              labels={report.bySite.map((s) => s.siteName)}
              series={[{ name: t('sv.m.open'), values: report.bySite.map((s) => s.open) }, { name: t('sv.m.count'), values: report.bySite.map((s) => s.count) }]}
            />
            <BarChart testId="sv-chart-cat-times" title={`${t('sv.m.byCategory')} · ${t('sv.m.times')}`} labels={report.byCategory.map((c) => t('sv.cat', { n: c.category }))} series={timeSeries(report.byCategory)} />
            <BarChart testId="sv-chart-cat-pcts" title={`${t('sv.m.byCategory')} · ${t('sv.m.pcts')}`} labels={report.byCategory.map((c) => t('sv.cat', { n: c.category }))} series={pctSeries(report.byCategory)} unit="%" max={100} />
            {trend && (
              <>
                <LineChart testId="sv-chart-period-times" title={`${t('sv.m.byPeriod')} · ${t('sv.m.times')}`} labels={trend.labels} series={timeSeries(trend.values)} />
                <LineChart testId="sv-chart-period-pcts" title={`${t('sv.m.byPeriod')} · ${t('sv.m.pcts')}`} labels={trend.labels} series={pctSeries(trend.values)} unit="%" max={100} />
                <BarChart testId="sv-chart-period-count" title={`${t('sv.m.byPeriod')} · ${t('sv.m.count')}`} labels={trend.labels} series={[{ name: t('sv.m.count'), values: trend.values.map((v) => v.count) }, { name: t('sv.m.open'), values: trend.values.map((v) => v.open) }]} />
              </>
            )}
          </div>
        </>
      )}
    </section>
  );
}
