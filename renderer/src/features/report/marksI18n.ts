import { format } from '../../../../shared/i18n/locale.js';
import { useLocale } from '../../i18n/I18nProvider.js';

/** The report panel's key-image strip and measurement list, zh-CN first. */
export const reportMarksZhCN = {
  'rpm.keys': '关键图像（{count}）',
  'rpm.keys.none': '尚无关键图像：在图像上按 K 或点“标记关键图像”。',
  'rpm.key.caption': '图 {n}',
  'rpm.key.frame': '第 {frame} 帧',
  'rpm.key.show': '在阅片窗口显示此图像',
  'rpm.key.remove': '取消关键图像',
  'rpm.measures': '测量（{count}）',
  'rpm.measures.none': '尚无测量：用工具栏的长度、角度、ROI 等工具在图像上测量。',
  'rpm.insert': '插入',
  'rpm.insert.hint': '把这条测量插入“检查所见”的光标处',
  'rpm.insertAll': '全部插入',
  'rpm.readOnly': '报告不可编辑时，关键图像与测量只读。',
} as const;

export type ReportMarksKey = keyof typeof reportMarksZhCN;

export const reportMarksEn: Record<ReportMarksKey, string> = {
  'rpm.keys': 'Key images ({count})',
  'rpm.keys.none': 'No key images yet: press K on an image or click “Mark key image”.',
  'rpm.key.caption': 'Image {n}',
  'rpm.key.frame': 'frame {frame}',
  'rpm.key.show': 'Show this image in the viewer',
  'rpm.key.remove': 'Unmark key image',
  'rpm.measures': 'Measurements ({count})',
  'rpm.measures.none': 'No measurements yet: measure on the image with the length, angle, ROI … tools.',
  'rpm.insert': 'Insert',
  'rpm.insert.hint': 'Insert this measurement into Findings at the cursor',
  'rpm.insertAll': 'Insert all',
  'rpm.readOnly': 'Key images and measurements are read-only while the report cannot be edited.',
};

export function useReportMarksT(): (key: ReportMarksKey, params?: Record<string, string | number>) => string {
  const [locale] = useLocale();
  return (key, params) => format(locale === 'en' ? reportMarksEn[key] : reportMarksZhCN[key], params);
}
