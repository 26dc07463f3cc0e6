import { format, type Locale } from '../../../../shared/i18n/locale.js';
import { useMemo } from 'react';
import { useLocale } from '../../i18n/I18nProvider.js';
import { layoutEn, layoutZhCN } from './i18nLayout.js';

/**
 * Viewer strings, zh-CN first. Kept beside the viewer until the lead merges them into the main
 * dictionaries (renderer/src/i18n/zh-CN.ts and en.ts) under the same keys.
 */
export const viewerZhCN = {
  'viewer.title': '影像阅片',
  'viewer.close': '关闭',
  'viewer.series': '序列',
  'viewer.series.images': '{count} 幅',
  'viewer.loading.metadata': '正在读取检查信息…',
  'viewer.loading.progress': '已载入 {loaded}/{total}',
  'viewer.loading.failedFrames': '{count} 幅图像解码失败',
  'viewer.error.metadata': '无法读取检查 {study} 的影像信息：{reason}。请检查网络或稍后重试。',
  'viewer.error.noImages': '该检查没有可显示的图像。',
  'viewer.error.decode': '此图像无法解码（{reason}），其余图像不受影响。',
  'viewer.error.webgl': '此电脑不支持 WebGL2，已改用较慢的软件渲染。',
  'viewer.overlay.slice': '图像 {index}/{count}',
  'viewer.overlay.wl': '窗宽 {width} 窗位 {center}',
  'viewer.overlay.zoom': '缩放 {zoom}%',
  'viewer.overlay.spacing.pixel': '测量依据：像素间距 (0028,0030)',
  'viewer.overlay.spacing.imager': '测量依据：探测器像素间距 (0018,1164)，未校正放大率',
  'viewer.overlay.spacing.none': '无像素间距：测量单位为像素',
  'viewer.overlay.position': '层面位置 {pos} mm',
  'viewer.overlay.thickness': '层厚 {thickness} mm',
  'viewer.mpr.unavailable': '此序列无法重建多平面（{reason}）。',
  'viewer.mpr.gaps': '层间距不一致，多平面重建可能失真。',
  'viewer.mpr.axial': '轴位',
  'viewer.mpr.sagittal': '矢状位',
  'viewer.mpr.coronal': '冠状位',
  'cmd.tool.windowLevel': '窗宽窗位',
  'cmd.tool.pan': '平移',
  'cmd.tool.zoom': '缩放',
  'cmd.tool.scroll': '翻页',
  'cmd.tool.length': '长度',
  'cmd.tool.angle': '角度',
  'cmd.tool.ellipse': '椭圆 ROI',
  'cmd.tool.rectangle': '矩形 ROI',
  'cmd.tool.magnify': '放大镜',
  'cmd.fit': '适合窗口',
  'cmd.zoomIn': '放大',
  'cmd.zoomOut': '缩小',
  'cmd.invert': '反色',
  'cmd.rotateRight': '顺时针旋转 90°',
  'cmd.rotateLeft': '逆时针旋转 90°',
  'cmd.flipH': '水平翻转',
  'cmd.flipV': '垂直翻转',
  'cmd.reset': '复位',
  'cmd.nextImage': '下一幅',
  'cmd.prevImage': '上一幅',
  'cmd.firstImage': '第一幅',
  'cmd.lastImage': '最后一幅',
  'cmd.cine': '电影播放',
  'cmd.mpr': '多平面重建',
  'cmd.preset.file': '文件窗宽窗位',
  'cmd.preset.brain': '脑窗',
  'cmd.preset.subdural': '硬膜下窗',
  'cmd.preset.stroke': '卒中窗',
  'cmd.preset.lung': '肺窗',
  'cmd.preset.mediastinum': '纵隔窗',
  'cmd.preset.abdomen': '腹窗',
  'cmd.preset.liver': '肝窗',
  'cmd.preset.bone': '骨窗',
  ...layoutZhCN,
} as const;

export type ViewerMessageKey = keyof typeof viewerZhCN;

export const viewerEn: Record<ViewerMessageKey, string> = {
  'viewer.title': 'Image viewer',
  'viewer.close': 'Close',
  'viewer.series': 'Series',
  'viewer.series.images': '{count} images',
  'viewer.loading.metadata': 'Reading the study…',
  'viewer.loading.progress': 'Loaded {loaded}/{total}',
  'viewer.loading.failedFrames': '{count} images failed to decode',
  'viewer.error.metadata': 'Could not read the images of study {study}: {reason}. Check the network or try again later.',
  'viewer.error.noImages': 'This study has no images to display.',
  'viewer.error.decode': 'This image could not be decoded ({reason}); the other images are not affected.',
  'viewer.error.webgl': 'This computer has no WebGL2; using slower software rendering.',
  'viewer.overlay.slice': 'Image {index}/{count}',
  'viewer.overlay.wl': 'W {width} L {center}',
  'viewer.overlay.zoom': 'Zoom {zoom}%',
  'viewer.overlay.spacing.pixel': 'Measured with Pixel Spacing (0028,0030)',
  'viewer.overlay.spacing.imager': 'Measured with Imager Pixel Spacing (0018,1164), not corrected for magnification',
  'viewer.overlay.spacing.none': 'No pixel spacing: measurements in pixels',
  'viewer.overlay.position': 'Slice position {pos} mm',
  'viewer.overlay.thickness': 'Thickness {thickness} mm',
  'viewer.mpr.unavailable': 'This series cannot be reconstructed in MPR ({reason}).',
  'viewer.mpr.gaps': 'Slice spacing is uneven; MPR may be distorted.',
  'viewer.mpr.axial': 'Axial',
  'viewer.mpr.sagittal': 'Sagittal',
  'viewer.mpr.coronal': 'Coronal',
  'cmd.tool.windowLevel': 'Window/level',
  'cmd.tool.pan': 'Pan',
  'cmd.tool.zoom': 'Zoom',
  'cmd.tool.scroll': 'Scroll',
  'cmd.tool.length': 'Length',
  'cmd.tool.angle': 'Angle',
  'cmd.tool.ellipse': 'Ellipse ROI',
  'cmd.tool.rectangle': 'Rectangle ROI',
  'cmd.tool.magnify': 'Magnifier',
  'cmd.fit': 'Fit to window',
  'cmd.zoomIn': 'Zoom in',
  'cmd.zoomOut': 'Zoom out',
  'cmd.invert': 'Invert',
  'cmd.rotateRight': 'Rotate 90° clockwise',
  'cmd.rotateLeft': 'Rotate 90° counter-clockwise',
  'cmd.flipH': 'Flip horizontally',
  'cmd.flipV': 'Flip vertically',
  'cmd.reset': 'Reset',
  'cmd.nextImage': 'Next image',
  'cmd.prevImage': 'Previous image',
  'cmd.firstImage': 'First image',
  'cmd.lastImage': 'Last image',
  'cmd.cine': 'Cine',
  'cmd.mpr': 'MPR',
  'cmd.preset.file': 'Window from file',
  'cmd.preset.brain': 'Brain',
  'cmd.preset.subdural': 'Subdural',
  'cmd.preset.stroke': 'Stroke',
  'cmd.preset.lung': 'Lung',
  'cmd.preset.mediastinum': 'Mediastinum',
  'cmd.preset.abdomen': 'Abdomen',
  'cmd.preset.liver': 'Liver',
  'cmd.preset.bone': 'Bone',
  ...layoutEn,
};

export type ViewerTranslate = (key: ViewerMessageKey, params?: Record<string, string | number>) => string;

export function makeViewerTranslate(locale: Locale): ViewerTranslate {
  return (key, params) => format((locale === 'en' ? viewerEn[key] : undefined) ?? viewerZhCN[key], params);
}

/** The viewer's translate function for the shell's current language (stable until it changes). */
export function useViewerT(): ViewerTranslate {
  const [locale] = useLocale();
  return useMemo(() => makeViewerTranslate(locale), [locale]);
}
