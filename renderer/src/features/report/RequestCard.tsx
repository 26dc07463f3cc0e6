import type { Report } from '../../../../shared/api/reports.js';
import type { Task } from '../../../../shared/api/worklist.js';
import { wardLocation } from '../../../../shared/critical/location.js';
import { useReportT } from './i18n.js';

/** The township's exam request, visible while writing. */
export function RequestCard({ request }: { request: Report['examRequest'] | Task['request'] }) {
  const t = useReportT();
  if (!request) return <section className="rp-card rp-request" data-testid="rp-request">{t('rp.request.none')}</section>;
  return (
    <section className="rp-card rp-request" data-testid="rp-request" aria-label={t('rp.request')}>
      <h3>{t('rp.request')}</h3>
      <dl>
        <dt>{t('rp.request.exam')}</dt>
        <dd>{request.examRequested || '—'}</dd>
        <dt>{t('rp.request.urgency')}</dt>
        <dd className={`rp-urgency-${request.urgency}`}>{t(`rp.urgency.${request.urgency}`)}</dd>
        <dt>{t('rp.request.history')}</dt>
        <dd>{request.clinicalHistory || '—'}</dd>
        <dt>{t('rp.request.clinician')}</dt>
        <dd>
          {request.orderingClinician || '—'}
          {request.contactPhone ? ` · ${request.contactPhone}` : ''}
        </dd>
        <dt>{t('rp.request.location')}</dt>
        <dd data-testid="rp-request-location">{wardLocation(request) || '—'}</dd>
      </dl>
    </section>
  );
}
