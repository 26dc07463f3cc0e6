import { describe, expect, it } from 'vitest';
import { mergeNews, recallInbox, rememberInbox, reportsWhileAway, taskStates } from './inboxMemory.js';

describe('inbox memory across screens', () => {
  it('announces on return the reports finalised or amended while another screen was shown, nothing else', () => {
    const before = taskStates([
      { id: 'a', state: 'claimed' },
      { id: 'b', state: 'final' },
      { id: 'c', state: 'final' },
      { id: 'd', state: 'waiting' },
    ]);
    const now = [
      { id: 'a', state: 'final' as const }, // finalised while away
      { id: 'b', state: 'final' as const }, // already final: seen before
      { id: 'c', state: 'amended' as const }, // amended while away
      { id: 'd', state: 'preliminary' as const }, // not signed off yet
      { id: 'e', state: 'final' as const }, // sent and finalised while away
    ];
    expect(reportsWhileAway(before, now)).toEqual([
      { seq: 0, taskId: 'a', status: 'final' },
      { seq: 0, taskId: 'c', status: 'amended' },
      { seq: 0, taskId: 'e', status: 'final' },
    ]);
  });
  it('merges news by exam, the newer word replacing the older', () => {
    const merged = mergeNews(
      [
        { seq: 5, taskId: 'a', status: 'preliminary' },
        { seq: 6, taskId: 'b', status: 'final' },
      ],
      [{ seq: 0, taskId: 'a', status: 'final' }],
    );
    expect(merged).toEqual([
      { seq: 6, taskId: 'b', status: 'final' },
      { seq: 0, taskId: 'a', status: 'final' },
    ]);
  });
  it('returns the memory to the same user only', () => {
    rememberInbox({ userId: 'u1', news: [{ seq: 1, taskId: 'a', status: 'final' }], states: { a: 'final' } });
    expect(recallInbox('u1')?.news).toHaveLength(1);
    expect(recallInbox('u2')).toBeNull();
  });
});
