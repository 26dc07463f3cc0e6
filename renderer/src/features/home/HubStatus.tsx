import { useHubQuery } from '../../api/ClientContext.js';
import { describeError } from '../../api/errors.js';
import { useT } from '../../i18n/I18nProvider.js';

/** Version, database and image store of the hub, as /api/health reports them. */
export function HubStatus() {
  const t = useT();
  const health = useHubQuery((c) => c.health());
  const h = health.data;
  return (
    <section className="panel" aria-labelledby="hub-title">
      <h2 id="hub-title">{t('home.hub.title')}</h2>
      {health.error !== null && <p className="banner error">{describeError(health.error, t)}</p>}
      {h && (
        <dl className="facts">
          <dt>{t('home.hub.version')}</dt>
          <dd>
            {h.version}
            {h.demo && <span className="tag">{t('home.hub.demo')}</span>}
          </dd>
          <dt>{t('home.hub.database')}</dt>
          <dd>
            {t(`home.hub.db.${h.database.kind}`)} · <Status ok={h.database.ok} />
          </dd>
          <dt>{t('home.hub.store')}</dt>
          <dd>
            {t(`home.hub.store.${h.store.kind}`)} · <Status ok={h.store.ok} />
          </dd>
        </dl>
      )}
    </section>
  );
}

function Status(props: { ok: boolean }) {
  const t = useT();
  return <span className={props.ok ? 'status ok' : 'status bad'}>{props.ok ? t('home.hub.ok') : t('home.hub.degraded')}</span>;
}
