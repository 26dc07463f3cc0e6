import { format, type Locale } from '../i18n/locale.js';

/** Every way a waveform can fail to read or measure; a user meets these, so each says what to do. */
export const ECG_ERROR_MESSAGES = {
  not_dicom: {
    'zh-CN': '无法解析该文件（{detail}），请确认这是完整的 DICOM 心电图文件后重新上传。',
    en: 'This file could not be parsed ({detail}). Check that it is a complete DICOM ECG file and upload it again.',
  },
  no_waveform: {
    'zh-CN': '该检查中没有波形数据（WaveformSequence 为空），无法显示心电图。请联系发送机构重新采集或发送。',
    en: 'This object holds no waveform (empty WaveformSequence), so no ECG can be shown. Ask the sending site to resend it.',
  },
  waveform_data_missing: {
    'zh-CN': '第 {group} 组波形缺少采样数据（WaveformData），请刷新后重试；若仍失败，请联系发送机构重新发送。',
    en: 'Waveform group {group} has no sample data (WaveformData). Reload and try again; if it still fails, ask the sending site to resend.',
  },
  waveform_data_short: {
    'zh-CN': '第 {group} 组波形数据不完整：需要 {expected} 字节，实际只有 {actual} 字节。文件可能在传输中被截断，请重新发送。',
    en: 'Waveform group {group} is incomplete: {expected} bytes expected, {actual} present. The file was probably truncated in transfer; resend it.',
  },
  channel_count_mismatch: {
    'zh-CN': '第 {group} 组声明 {declared} 个通道，但通道定义有 {defined} 个，无法确定导联对应关系。请联系设备厂商或发送机构。',
    en: 'Waveform group {group} declares {declared} channels but defines {defined}, so leads cannot be assigned. Contact the device vendor or sending site.',
  },
  unknown_units: {
    'zh-CN': '导联 {lead} 的灵敏度单位“{unit}”无法识别，为避免幅度错误已停止显示。请联系设备厂商。',
    en: 'Lead {lead} has an unrecognised sensitivity unit "{unit}"; display was stopped to avoid wrong amplitudes. Contact the device vendor.',
  },
  unsupported_sample_format: {
    'zh-CN': '第 {group} 组波形的采样格式（{bits} 位，{interpretation}）暂不支持。',
    en: 'Waveform group {group} uses an unsupported sample format ({bits}-bit, {interpretation}).',
  },
  invalid_group_header: {
    'zh-CN': '第 {group} 组波形的 {field} 无效（{value}），无法按时间显示。请联系设备厂商或发送机构。',
    en: 'Waveform group {group} has an invalid {field} ({value}), so it cannot be shown against time. Contact the device vendor or sending site.',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type EcgErrorCode = keyof typeof ECG_ERROR_MESSAGES;

/** A typed, localisable waveform error. `message` is English (for logs); `localized()` is for users. */
export class EcgError extends Error {
  override readonly name = 'EcgError';
  constructor(
    readonly code: EcgErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(format(ECG_ERROR_MESSAGES[code].en, params));
  }

  localized(locale: Locale): string {
    return format(ECG_ERROR_MESSAGES[this.code][locale], this.params);
  }
}
