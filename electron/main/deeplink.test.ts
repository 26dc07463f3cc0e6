import { describe, expect, it, vi } from 'vitest';
import { createDeepLinkQueue, findStudyDeepLink, parseStudyDeepLink } from './deeplink.js';

describe('study deep links', () => {
  it('parses teleread://study/<uid>', () => {
    expect(parseStudyDeepLink('teleread://study/1.2.826.0.1.3680043.8.498.1')).toBe('1.2.826.0.1.3680043.8.498.1');
    expect(parseStudyDeepLink('teleread://study/1.2.3/')).toBe('1.2.3');
  });
  it('refuses anything else', () => {
    for (const link of ['teleread://study/', 'teleread://study/1.2.x', 'teleread://report/1.2.3', 'https://study/1.2.3', `teleread://study/${'1.'.repeat(40)}1`, 'teleread://study/1.2/../3']) {
      expect(parseStudyDeepLink(link), link).toBeNull();
    }
  });
  it('finds the link among command-line arguments', () => {
    expect(findStudyDeepLink(['/opt/TeleRead/teleread', '--no-sandbox', 'teleread://study/1.2.3'])).toBe('1.2.3');
    expect(findStudyDeepLink(['/opt/TeleRead/teleread'])).toBeNull();
  });
  it('holds links until the renderer subscribes, then pushes them', () => {
    const send = vi.fn(() => true);
    const queue = createDeepLinkQueue(send);
    queue.open('1.2.3');
    expect(send).not.toHaveBeenCalled();
    expect(queue.take()).toBe('1.2.3');
    expect(queue.take()).toBeNull();
    queue.open('1.2.4');
    expect(send).toHaveBeenCalledWith('1.2.4');
    queue.reset();
    queue.open('1.2.5');
    expect(send).toHaveBeenCalledTimes(1);
    expect(queue.take()).toBe('1.2.5');
  });
});
