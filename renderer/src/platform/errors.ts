/**
 * The user's words from an error the desktop shell threw. Electron prefixes what crosses IPC
 * (`Error invoking remote method 'pdf:save': SaveError: …`); the shell's messages are written
 * "中文 / English", and the user's language half is kept. Null when there is nothing readable
 * (the caller then shows its generic message).
 */
export function platformErrorText(err: unknown, locale: 'zh-CN' | 'en'): string | null {
  if (!(err instanceof Error)) return null;
  const message = err.message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '').trim();
  if (!message) return null;
  const halves = message.split(' / ');
  if (halves.length !== 2) return message;
  const zhFirst = /[\u4e00-\u9fff]/.test(halves[0]);
  return (locale === 'en') === zhFirst ? halves[1].trim() : halves[0].trim();
}
