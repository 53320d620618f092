import { useEffect } from 'react';

/**
 * Re-runs a query every `ms` while the page is visible: the admin's live views (waiting room, reservations)
 * without a subscription of their own. Paused in a background tab.
 */
export function usePolling(refetch: () => void, ms: number) {
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refetch();
    }, ms);
    return () => clearInterval(timer);
  }, [refetch, ms]);
}
