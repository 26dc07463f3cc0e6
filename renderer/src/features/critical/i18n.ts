import { format, type Locale } from '../../../../shared/i18n/locale.js';
import { useLocale } from '../../i18n/I18nProvider.js';

/** Critical-alert modal strings, zh-CN first. */
export const criticalZhCN = {
  'ca.title': '危急值通知',
  'ca.queue': '共 {count} 条待处理危急值',
  'ca.reminder': '第 {n} 次提醒',
  'ca.escalated': '已升级（第 {level} 级）',
  'ca.findings': '危急值项目',
  'ca.note': '阅片医师备注',
  'ca.patient': '患者',
  'ca.patientId': '患者ID',
  'ca.sexAge': '性别/年龄',
  'ca.study': '检查',
  'ca.raisedBy': '报告医师',
  'ca.raisedAt': '发出时间',
  'ca.ackDue': '须在 {time} 前确认接收',
  'ca.receiverName': '接收临床医师姓名',
  'ca.receiverPhone': '联系电话（可选）',
  'ca.readBack': '复述危急值内容（请逐项输入）',
  'ca.readBack.hint': '请输入上面列出的危急值项目名称，系统将与报告内容核对。',
  'ca.patientCheck': '核对患者身份（两项标识）',
  'ca.patientCheck.id': '患者ID',
  'ca.patientCheck.name': '患者姓名',
  'ca.acknowledge': '确认接收',
  'ca.sending': '正在提交…',
  'ca.redirect': '非本院/非我负责的患者',
  'ca.redirect.reason': '原因（必填）',
  'ca.redirect.to': '应转给谁（可选）',
  'ca.redirect.send': '提交转交说明',
  'ca.redirect.cancel': '返回',
  'ca.redirect.done': '已记录，阅片医师将电话联系。该危急值仍需本站处理。',
  'ca.required.receiver': '请填写接收临床医师姓名。',
  'ca.required.readBack': '请复述危急值内容。',
  'ca.required.reason': '请填写原因。',
  'ca.acknowledged': '已确认接收，请稍后记录处理措施。',
  'ca.sex.M': '男',
  'ca.sex.F': '女',
  'ca.sex.O': '其他',
  'ca.age': '{years}岁',
  'ca.unknown': '—',
  'ca.notify.title': '危急值：{patient}',
  'ca.notify.body': '{findings}（{site}），请立即确认接收。',
} as const;

export type CriticalKey = keyof typeof criticalZhCN;

export const criticalEn: Record<CriticalKey, string> = {
  'ca.title': 'Critical result',
  'ca.queue': '{count} critical alerts waiting',
  'ca.reminder': 'Reminder {n}',
  'ca.escalated': 'Escalated (level {level})',
  'ca.findings': 'Critical findings',
  'ca.note': "Reader's note",
  'ca.patient': 'Patient',
  'ca.patientId': 'Patient ID',
  'ca.sexAge': 'Sex/age',
  'ca.study': 'Exam',
  'ca.raisedBy': 'Reported by',
  'ca.raisedAt': 'Raised at',
  'ca.ackDue': 'Acknowledge before {time}',
  'ca.receiverName': 'Receiving clinician',
  'ca.receiverPhone': 'Phone (optional)',
  'ca.readBack': 'Read back the finding(s)',
  'ca.readBack.hint': 'Type the names of the findings listed above; the hub checks them against the report.',
  'ca.patientCheck': 'Confirm the patient (two identifiers)',
  'ca.patientCheck.id': 'Patient ID',
  'ca.patientCheck.name': 'Patient name',
  'ca.acknowledge': 'Acknowledge receipt',
  'ca.sending': 'Sending…',
  'ca.redirect': 'Not my patient',
  'ca.redirect.reason': 'Reason (required)',
  'ca.redirect.to': 'Who should receive it (optional)',
  'ca.redirect.send': 'Record and tell the reader',
  'ca.redirect.cancel': 'Back',
  'ca.redirect.done': 'Recorded; the reader will phone. The alert stays open for this site.',
  'ca.required.receiver': "Enter the receiving clinician's name.",
  'ca.required.readBack': 'Read back the critical finding(s).',
  'ca.required.reason': 'Give a reason.',
  'ca.acknowledged': 'Receipt acknowledged; record the action taken later.',
  'ca.sex.M': 'M',
  'ca.sex.F': 'F',
  'ca.sex.O': 'O',
  'ca.age': '{years} y',
  'ca.unknown': '—',
  'ca.notify.title': 'Critical result: {patient}',
  'ca.notify.body': '{findings} ({site}). Acknowledge now.',
};

export type CriticalTranslate = (key: CriticalKey, params?: Record<string, string | number>) => string;

export function makeCriticalTranslate(locale: Locale): CriticalTranslate {
  return (key, params) => format(locale === 'en' ? criticalEn[key] : criticalZhCN[key], params);
}

export function useCriticalT(): CriticalTranslate {
  const [locale] = useLocale();
  return makeCriticalTranslate(locale);
}
