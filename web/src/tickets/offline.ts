/**
 * The holder's tickets kept on this device (issue 17), so the ticket page works without a network once it has
 * loaded: each ticket as last read, with its credential and code secret while VALID, from which the rotating QR
 * is made offline (`@tiketi/live-client` `qrPayload`).
 *
 * Kept in localStorage beside the refresh token, under one key per browser: the secrets are worth as much as the
 * refresh token (a script on our origin could read either), and an XSS-free origin is what protects both (web
 * README, "Where the tokens live"). A copy alone admits nobody for long: a door also checks revocations, and a
 * code is accepted for at most 30 s. The copy is dropped at log-out and replaced when another buyer signs in.
 */

const KEY = 'tiketi.tickets';
const VERSION = 1;

/** What the pages store per ticket: a JSON-safe copy of the ticket query's answer. */
export interface StoredTicket {
  id: string;
  [field: string]: unknown;
}

interface StoredCopy {
  version: number;
  holderId: string;
  savedAt: string;
  tickets: StoredTicket[];
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function read(): StoredCopy | null {
  try {
    const raw = storage()?.getItem(KEY);
    if (!raw) return null;
    const copy = JSON.parse(raw) as StoredCopy;
    return copy.version === VERSION && Array.isArray(copy.tickets) ? copy : null;
  } catch {
    return null;
  }
}

function write(copy: StoredCopy) {
  try {
    storage()?.setItem(KEY, JSON.stringify(copy));
  } catch {
    // storage full or refused (private mode): the page still works online
  }
}

/** The stored copy of the holder's tickets (all of them, as the tickets page read them last). */
export function storedTickets(): { holderId: string; savedAt: string; tickets: StoredTicket[] } | null {
  return read();
}

/** One stored ticket. */
export function storedTicket(id: string): StoredTicket | null {
  return read()?.tickets.find((t) => t.id === id) ?? null;
}

/** Replaces the copy with the holder's full list (the tickets page's answer). */
export function storeTickets(holderId: string, tickets: readonly StoredTicket[]) {
  write({ version: VERSION, holderId, savedAt: new Date().toISOString(), tickets: [...tickets] });
}

/** Adds or updates one ticket (the ticket page's answer); another holder's copy is replaced. */
export function storeTicket(holderId: string, ticket: StoredTicket) {
  const copy = read();
  const others = copy && copy.holderId === holderId ? copy.tickets.filter((t) => t.id !== ticket.id) : [];
  write({ version: VERSION, holderId, savedAt: new Date().toISOString(), tickets: [ticket, ...others] });
}

/** Log-out: nothing of the holder's stays on the device. */
export function forgetTickets() {
  try {
    storage()?.removeItem(KEY);
  } catch {
    // nothing stored
  }
}
