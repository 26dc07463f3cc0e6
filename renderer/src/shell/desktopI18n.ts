import { format } from '../../../shared/i18n/locale.js';
import { useLocale } from '../i18n/I18nProvider.js';

/** The shell's desktop-only strings (files opened with the app), zh-CN first. */
const zhCN = {
  'desk.opened.notTownship': '已用本程序打开 {count} 个 DICOM 文件。上传检查仅供乡镇卫生院人员使用：请由卫生院人员登录后在“上传检查”中发送；在本程序关闭前，这些文件会一直保留。',
  'desk.opened.dismiss': '知道了',
} as const;

type DesktopKey = keyof typeof zhCN;

const en: Record<DesktopKey, string> = {
  'desk.opened.notTownship': '{count} DICOM file(s) were opened with TeleRead. Uploading exams is for township staff: ask township staff to sign in and send them from “Send exam”; the files are kept until TeleRead is closed.',
  'desk.opened.dismiss': 'OK',
};

export type DesktopTranslate = (key: DesktopKey, params?: Record<string, string | number>) => string;

export function useDesktopT(): DesktopTranslate {
  const [locale] = useLocale();
  return (key, params) => format(locale === 'en' ? en[key] : zhCN[key], params);
}
