/** The ETA the waiting room shows, and the position it was shown for. */
export interface ShownEta {
  position: number | null;
  etaSeconds: number | null;
}

/**
 * The next ETA to show, given the one on screen and the server's latest. The server derives ETAs from the
 * admission rate of the last minute, which sags between admissions; a buyer who has not moved must never see
 * their wait grow, so while the position stays the same the ETA can only fall. A new position takes the
 * server's figure as it is (the line moved: it is fresh).
 */
export function steadyEta(shown: ShownEta | null, latest: ShownEta): ShownEta {
  if (
    shown === null ||
    shown.position !== latest.position ||
    shown.etaSeconds === null ||
    latest.etaSeconds === null
  ) {
    return latest;
  }
  return latest.etaSeconds < shown.etaSeconds ? latest : shown;
}
