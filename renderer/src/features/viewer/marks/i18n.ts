import { format, type Locale } from '../../../../../shared/i18n/locale.js';
import { useLocale } from '../../../i18n/I18nProvider.js';

/** Key-image and measurement strings of the viewer, zh-CN first. */
export const marksZhCN = {
  'marks.key.off': '标记关键图像',
  'marks.key.on': '已标记关键图像',
  'marks.key.hint': '把当前图像标记为关键图像（再按一次取消），随报告存档',
  'marks.readOnly': '报告已签发或不可编辑：关键图像与测量只读',
  'marks.count': '关键图像 {keys} · 测量 {measurements}',
} as const;

export type MarksKey = keyof typeof marksZhCN;

export const marksEn: Record<MarksKey, string> = {
  'marks.key.off': 'Mark key image',
  'marks.key.on': 'Key image',
  'marks.key.hint': 'Mark the image on screen as a key image (again to unmark); archived with the report',
  'marks.readOnly': 'The report is signed or not yours to edit: key images and measurements are read-only',
  'marks.count': 'Key images {keys} · measurements {measurements}',
};

export function useMarksT(): (key: MarksKey, params?: Record<string, string | number>) => string {
  const [locale] = useLocale();
  return (key, params) => format((locale as Locale) === 'en' ? marksEn[key] : marksZhCN[key], params);
}
