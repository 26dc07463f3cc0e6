import { useState, type FormEvent } from 'react';
import { EXAM_REQUEST_LIMITS } from '../../../../shared/api/worklist.js';
import { PRIORITIES, type Priority } from '../../../../shared/domain/worklist.js';
import { useLocale } from '../../i18n/I18nProvider.js';
import type { TownshipTranslate } from './i18n.js';

export interface RequestValues {
  clinicalHistory: string;
  examRequested: string;
  urgency: Priority;
  orderingClinician: string;
  contactPhone: string;
  /** Optional ward location (科室 / 床号): printed in the critical-value register and on the alert. */
  department: string;
  bed: string;
}

export const EMPTY_REQUEST: RequestValues = { clinicalHistory: '', examRequested: '', urgency: 'routine', orderingClinician: '', contactPhone: '', department: '', bed: '' };

/** This form's own labels for the location fields (the township dictionaries are edited elsewhere). */
const LOCATION_LABELS = {
  'zh-CN': { department: '科室（选填）', bed: '床号（选填）', hint: '危急值登记本与危急值通知中显示。' },
  en: { department: 'Department (optional)', bed: 'Bed (optional)', hint: 'Shown in the critical value register and on critical alerts.' },
} as const;

/** The values as sent: every text field trimmed. */
export function trimRequest(v: RequestValues): RequestValues {
  return {
    ...v,
    clinicalHistory: v.clinicalHistory.trim(),
    examRequested: v.examRequested.trim(),
    orderingClinician: v.orderingClinician.trim(),
    contactPhone: v.contactPhone.trim(),
    department: v.department.trim(),
    bed: v.bed.trim(),
  };
}

/** Field → message key for what is missing or wrong; empty when the request can be sent. */
export function validateRequest(v: RequestValues): Partial<Record<keyof RequestValues, 'up.req.examRequired' | 'up.req.clinicianRequired' | 'up.req.phoneRequired'>> {
  const errors: ReturnType<typeof validateRequest> = {};
  if (!v.examRequested.trim()) errors.examRequested = 'up.req.examRequired';
  if (!v.orderingClinician.trim()) errors.orderingClinician = 'up.req.clinicianRequired';
  if (!v.contactPhone.trim() || !/^[0-9+\-() ]{3,40}$/.test(v.contactPhone.trim())) errors.contactPhone = 'up.req.phoneRequired';
  return errors;
}

/** The exam request the county reader sees; the ordering clinician receives critical results. */
export function RequestForm(props: { t: TownshipTranslate; disabled: boolean; submitLabel: string; onSubmit(v: RequestValues): void }) {
  const { t } = props;
  const [locale] = useLocale();
  const loc = LOCATION_LABELS[locale] ?? LOCATION_LABELS['zh-CN'];
  const [v, setV] = useState<RequestValues>(EMPTY_REQUEST);
  const [tried, setTried] = useState(false);
  const errors = validateRequest(v);
  const field = (k: keyof RequestValues) => ({
    value: v[k],
    onChange: (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value }),
    'aria-invalid': tried && !!errors[k],
    'aria-describedby': tried && errors[k] ? `req-${k}-err` : undefined,
    'data-testid': `req-${k}`,
  });
  const err = (k: keyof RequestValues) =>
    tried && errors[k] ? (
      <small id={`req-${k}-err`} className="tw-field-error">
        {t(errors[k]!)}
      </small>
    ) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(errors).length === 0) props.onSubmit(trimRequest(v));
  };
  return (
    <form className="tw-request" onSubmit={submit} noValidate data-testid="request-form">
      <h3>{t('up.request')}</h3>
      <label className="tw-wide">
        {t('up.req.history')}
        <textarea rows={3} maxLength={2000} {...field('clinicalHistory')} />
      </label>
      <label>
        {t('up.req.exam')} *
        <input maxLength={200} {...field('examRequested')} />
        {err('examRequested')}
      </label>
      <label>
        {t('up.req.urgency')}
        <select value={v.urgency} onChange={(e) => setV({ ...v, urgency: e.target.value as Priority })} data-testid="req-urgency">
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`tw.urgency.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('up.req.clinician')} *
        <input maxLength={100} {...field('orderingClinician')} />
        {err('orderingClinician')}
      </label>
      <label>
        {t('up.req.phone')} *
        <input maxLength={40} inputMode="tel" {...field('contactPhone')} />
        {err('contactPhone')}
      </label>
      <label>
        {loc.department}
        <input maxLength={EXAM_REQUEST_LIMITS.department} {...field('department')} aria-describedby="req-location-hint" />
      </label>
      <label>
        {loc.bed}
        <input maxLength={EXAM_REQUEST_LIMITS.bed} {...field('bed')} aria-describedby="req-location-hint" />
      </label>
      <small id="req-location-hint" className="tw-wide">
        {loc.hint}
      </small>
      <div className="tw-wide">
        <button type="submit" className="tw-primary" disabled={props.disabled} data-testid="upload-send">
          {props.submitLabel}
        </button>
      </div>
    </form>
  );
}
