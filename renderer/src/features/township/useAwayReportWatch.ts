import { useEffect } from 'react';
import { useClient } from '../../api/ClientContext.js';
import { reportAttention } from '../../platform/attention.js';
import { connectHubEvents } from '../worklist/liveEvents.js';
import { unseenReportCount } from './attentionCounts.js';
import { mergeNews, recallInbox, rememberInbox, reportNewsOf } from './inboxMemory.js';

/**
 * While a township user is on another screen than the inbox: hears report events so the tray and
 * taskbar count new reports at once (the inbox, which announces them, is not mounted), and keeps
 * them in the inbox's memory so they are announced when the inbox is shown again.
 */
export function useAwayReportWatch(active: boolean): void {
  const client = useClient();
  useEffect(() => {
    if (!active) return;
    const userId = client.session.currentUser?.id ?? '';
    const conn = connectHubEvents({
      // From where the inbox stopped listening: a report signed while this screen was opening is not missed.
      since: recallInbox(userId)?.lastSeq,
      getToken: () => client.session.accessToken(),
      onEvent: (e) => {
        const item = reportNewsOf(e);
        if (!item) return;
        const memory = recallInbox(userId) ?? { userId, news: [], states: null };
        const news = mergeNews(memory.news, [item]);
        rememberInbox({ ...memory, news, lastSeq: e.seq });
        reportAttention('reports', unseenReportCount(news));
      },
    });
    return () => conn.close();
  }, [client, active]);
}
