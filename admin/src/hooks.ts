import { useEffect, useState } from 'react';

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

/** `value` once it has stopped changing for `ms`: a search asked once per word, not per keystroke. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
