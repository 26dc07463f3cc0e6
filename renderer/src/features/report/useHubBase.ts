import { useEffect, useState } from 'react';
import { resolvePlatform } from '../../platform/bridge.js';

/** The hub's base URL from the platform settings ('' = this page's origin; null while loading). */
export function useHubBase(): string | null {
  const [base, setBase] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    resolvePlatform()
      .getSettings()
      .then(
        (s) => live && setBase(s.hubUrl ?? ''),
        () => live && setBase(''),
      );
    return () => {
      live = false;
    };
  }, []);
  return base;
}
