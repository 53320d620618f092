/**
 * bench:tickets — what the ticket credential costs on this machine (issue 17), per operation and per process:
 * seating signing a credential and deriving a holder's code, a door verifying a QR (Ed25519 + the rotating code),
 * an offline door's scan with its revocation list, and the holder's app making a code every step.
 * Pure functions (@tiketi/live-client ticket-credential.ts): the same code the scanner page runs in a browser.
 *
 *   npm run bench:tickets [-- --seconds 3]
 */
import { randomUUID } from 'node:crypto';
import {
  CREDENTIAL_VERSION,
  codeStep,
  deriveEventKeys,
  deriveTicketSecret,
  OfflineDoor,
  qrPayload,
  rotatingCode,
  signCredential,
  toBase64Url,
  verifyQr,
} from '@tiketi/live-client';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 2;
const eventId = randomUUID();
const keys = deriveEventKeys('bench-master-secret-0123456789abcdef0123', eventId);
const claims = () => ({
  ticketId: randomUUID(),
  eventId,
  seat: { id: randomUUID(), label: 'Floor A 3-12' },
  holder: randomUUID(),
  issuedAt: new Date().toISOString(),
  version: CREDENTIAL_VERSION,
});

const tickets = Array.from({ length: 1_000 }, () => {
  const c = claims();
  const credential = signCredential(keys.privateKey, c);
  const secret = deriveTicketSecret(keys.scanKey, c.ticketId);
  return { c, credential, secret, qr: qrPayload(credential, secret, Date.now()) };
});
// A door's revocation list of 10,000 tickets (a big cancelled block).
const door = new OfflineDoor({
  eventId,
  publicKey: toBase64Url(keys.publicKey),
  scanKey: toBase64Url(keys.scanKey),
  revokedTicketIds: Array.from({ length: 10_000 }, () => randomUUID()),
  cursor: '0',
});

function measure(name: string, op: (i: number) => unknown) {
  for (let i = 0; i < 200; i++) op(i); // warm-up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < seconds * 1000) {
    for (let k = 0; k < 50; k++) op(n++);
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `${name.padEnd(44)} ${String(Math.round((n / wall) * 1000)).padStart(8)} ops/s   ${(cpuMs / n).toFixed(3)} CPU ms/op`,
  );
}

console.log(
  `Node ${process.version}, ${seconds} s per row, one process (CPU ms per operation of this process)`,
);
measure('deriveEventKeys (HKDF ×2 + Ed25519 public key)', () =>
  deriveEventKeys('bench-secret-0123456789abcdef', eventId),
);
measure('signCredential (Ed25519 sign)', () => signCredential(keys.privateKey, claims()));
measure('deriveTicketSecret (HMAC-SHA256)', (i) =>
  deriveTicketSecret(keys.scanKey, tickets[i % 1000]!.c.ticketId),
);
measure('rotatingCode (holder app, one step)', (i) =>
  rotatingCode(tickets[i % 1000]!.secret, codeStep(Date.now())),
);
measure('verifyQr (signature + code window)', (i) =>
  verifyQr({
    eventId,
    publicKey: keys.publicKey,
    scanKey: keys.scanKey,
    payload: tickets[i % 1000]!.qr,
    now: Date.now(),
  }),
);
measure('OfflineDoor.scan (verify + 10k revocations + local state)', (i) =>
  door.scan(tickets[i % 1000]!.qr, Date.now()),
);
