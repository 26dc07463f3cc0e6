export { ReportPanel, type ReportPanelProps } from './ReportPanel.js';
export { ReadLayout } from './ReadLayout.js';
