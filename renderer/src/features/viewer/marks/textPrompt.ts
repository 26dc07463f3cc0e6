/**
 * The arrow tool's text, asked in the page (Cornerstone's default uses window.prompt, which Electron
 * does not implement). A small modal <dialog>: Enter/OK keeps the text, Esc/Cancel drops the arrow.
 * Strings follow the page language (I18nProvider sets <html lang>).
 */
const STRINGS = {
  'zh-CN': { title: '箭头标注文字', ok: '确定', cancel: '取消' },
  en: { title: 'Arrow annotation text', ok: 'OK', cancel: 'Cancel' },
};

export function askAnnotationText(initial = ''): Promise<string | null> {
  const s = document.documentElement.lang === 'en' ? STRINGS.en : STRINGS['zh-CN'];
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.setAttribute('data-testid', 'viewer-arrow-text');
    const form = document.createElement('form');
    form.method = 'dialog';
    const label = document.createElement('label');
    label.textContent = s.title;
    label.style.display = 'block';
    const input = document.createElement('input');
    input.value = initial;
    input.maxLength = 500;
    input.style.display = 'block';
    input.style.width = '20em';
    input.style.margin = '6px 0';
    label.append(input);
    const ok = document.createElement('button');
    ok.value = 'ok';
    ok.textContent = s.ok;
    const cancel = document.createElement('button');
    cancel.value = 'cancel';
    cancel.type = 'button';
    cancel.textContent = s.cancel;
    cancel.onclick = () => dialog.close('cancel');
    form.append(label, ok, cancel);
    dialog.append(form);
    dialog.addEventListener('close', () => {
      const text = dialog.returnValue === 'ok' ? input.value.trim() : '';
      dialog.remove();
      resolve(text ? text : null);
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}

/** Cornerstone's ArrowAnnotate configuration: new arrows and double-click edits ask in the page. */
export const arrowTextConfiguration = {
  getTextCallback: (done: (text: string | null) => void) => void askAnnotationText().then(done),
  changeTextCallback: (annotation: { data?: { label?: string } }, _evt: unknown, done: (text: string | null) => void) =>
    void askAnnotationText(annotation.data?.label ?? '').then(done),
};
