import { useCallback, useEffect, useState } from 'react';
import { pathFromHash } from './router.js';

/** The current hash path and a navigate() that pushes a history entry (Back works). */
export function useRoute(): [string, (path: string) => void] {
  const [path, setPath] = useState(() => pathFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setPath(pathFromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((next: string) => {
    window.location.hash = next;
  }, []);
  return [path, navigate];
}
