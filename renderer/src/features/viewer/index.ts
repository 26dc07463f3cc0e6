/** The image viewer feature: mount <ViewerPage studyUid hubUrl getToken onClose?> inside the shell's I18nProvider. */
export { ViewerPage, type ViewerPageProps } from './components/ViewerPage.js';
export { COMMANDS } from './commands/registry.js';
export { viewerEn, viewerZhCN, type ViewerMessageKey } from './i18n.js';
export { ViewerRoute } from './ViewerRoute.js';
