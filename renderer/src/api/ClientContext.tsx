import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ApiClient } from './client.js';

const ClientContext = createContext<ApiClient | null>(null);

export function ClientProvider(props: { client: ApiClient; children: ReactNode }) {
  return <ClientContext.Provider value={props.client}>{props.children}</ClientContext.Provider>;
}

export function useClient(): ApiClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient() outside <ClientProvider>');
  return client;
}

export interface HubQuery<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** Loads once per mount (and on reload()); a late answer after unmount is dropped. */
export function useHubQuery<T>(load: (client: ApiClient) => Promise<T>): HubQuery<T> {
  const client = useClient();
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    load(client).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      live = false;
    };
    // `load` is a fresh closure each render; re-running is driven by `generation` only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
