import {
  type DoorDecision,
  OfflineDoor,
  type OfflineDoorSnapshot,
  type QrRefusal,
} from '@tiketi/live-client';
import jsQR from 'jsqr';
import { type ChangeEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { useClient } from 'urql';
import type { CheckInRefusal } from '../__generated__/graphql.ts';
import { graphql } from '../__generated__/index.ts';
import { useSessionState } from '../App.tsx';
import { PageTitle } from '../components/States.tsx';
import { errorMessage, formatDateTime } from '../format.ts';

const ScannerKitQuery = graphql(`
  query ScannerKit($eventId: ID!, $since: String) {
    scannerKit(eventId: $eventId, since: $since) {
      eventId
      publicKey
      scanKey
      revokedTicketIds
      checkedInTicketIds
      cursor
      conflicts {
        ticketId
        seatLabel
        deviceId
        scannedAt
        first {
          at
          deviceId
        }
      }
    }
  }
`);

const CheckInMutation = graphql(`
  mutation DoorCheckIn($eventId: ID!, $payload: String!, $deviceId: String!) {
    checkIn(eventId: $eventId, payload: $payload, deviceId: $deviceId) {
      outcome
      reason
      ticketId
      seatLabel
      firstCheckIn {
        at
        deviceId
      }
    }
  }
`);

const SyncCheckInsMutation = graphql(`
  mutation DoorSyncCheckIns($eventId: ID!, $deviceId: String!, $scans: [QueuedScanInput!]!) {
    syncCheckIns(eventId: $eventId, deviceId: $deviceId, scans: $scans) {
      outcome
      reason
      ticketId
      seatLabel
      scannedAt
      first {
        at
        deviceId
      }
      secondEntries {
        seatLabel
        deviceId
        scannedAt
        first {
          at
          deviceId
        }
      }
    }
  }
`);

/** Refresh the revocation list this often while online, so an offline spell starts from a recent one. */
const KIT_REFRESH_MS = 30_000;

/** One scan's verdict as the door shows it. */
interface Verdict {
  admitted: boolean;
  /** plain words: why not, or "welcome" */
  reason: string;
  seat: string | null;
  /** decided on this device without the server (queued for sync) */
  offline: boolean;
  at: number;
}

/** A second entry found at sync: this door's scan lost to an earlier one (or the other way round). */
interface Conflict {
  seat: string;
  /** the scan that lost */
  device: string;
  scannedAt: string;
  /** the entry that counts */
  firstDevice: string;
  firstAt: string;
}

const REFUSAL_TEXT: Record<CheckInRefusal, string> = {
  MALFORMED: 'TIKETI 티켓 QR이 아닙니다',
  BAD_SIGNATURE: '위조되었거나 변조된 티켓입니다',
  OTHER_EVENT: '다른 공연의 티켓입니다',
  CODE_EXPIRED: '코드가 만료되었습니다 (캡처 화면이거나 시계가 맞지 않음)',
  REVOKED: '취소·환불·양도·재판매된 티켓입니다',
  ALREADY_CHECKED_IN: '이미 입장한 티켓입니다',
};
const OFFLINE_REFUSAL: Record<QrRefusal, CheckInRefusal> = {
  malformed: 'MALFORMED',
  'bad-signature': 'BAD_SIGNATURE',
  'other-event': 'OTHER_EVENT',
  'code-expired': 'CODE_EXPIRED',
  revoked: 'REVOKED',
  'already-checked-in': 'ALREADY_CHECKED_IN',
};

const doorKey = (eventId: string) => `tiketi.door.v1.${eventId}`;

/** This device's name at the doors: kept, so every check-in and conflict names the same device. */
function deviceId(): string {
  const key = 'tiketi.door.device';
  let id = localStorage.getItem(key);
  if (!id) {
    id = `door-${crypto.randomUUID().slice(0, 8)}`;
    localStorage.setItem(key, id);
  }
  return id;
}

function loadDoor(eventId: string): OfflineDoor | null {
  try {
    const text = localStorage.getItem(doorKey(eventId));
    return text ? OfflineDoor.restore(JSON.parse(text) as OfflineDoorSnapshot) : null;
  } catch {
    return null;
  }
}

const saveDoor = (door: OfflineDoor) =>
  localStorage.setItem(doorKey(door.eventId), JSON.stringify(door.snapshot()));

/** The seat named in a credential, when it can be read (for offline verdicts). */
function seatOf(decision: DoorDecision): string | null {
  return decision.claims?.seat.label ?? null;
}

/** Decodes the QR code in an image (a camera frame or a picture), or null. */
function decodeQr(source: CanvasImageSource, width: number, height: number): string | null {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(source, 0, 0, width, height);
  const { data } = context.getImageData(0, 0, width, height);
  return jsQR(data, width, height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

export function Component() {
  const { eventId = '' } = useParams();
  const state = useSessionState();
  const location = useLocation();
  if (state.phase === 'anonymous') {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  }
  return (
    <>
      <PageTitle>입장 확인</PageTitle>
      <Scanner eventId={eventId} />
    </>
  );
}

/**
 * The door (issue 17): staff of the event (or an admin) scan tickets with the camera, or from a picture. The
 * event's public key, scan key and revocation list are kept on the device, so the door keeps working without a
 * connection: it verifies the signature, the rotating code and the revocations itself, refuses a second entry on
 * this device at once, and queues its check-ins; back online it sends them (`syncCheckIns`), and second entries
 * made at other doors show as conflicts on both sides. Online, the server decides (`checkIn`).
 */
function Scanner({ eventId }: { eventId: string }) {
  const client = useClient();
  const device = useRef(deviceId());
  // The door lives in a ref (listeners and timers read the current one); `setDoorVersion` re-renders the counts.
  const doorRef = useRef<OfflineDoor | null>(null);
  if (doorRef.current === null || doorRef.current.eventId !== eventId) doorRef.current = loadDoor(eventId);
  const [, setDoorVersion] = useState(0);
  const keep = useCallback((door: OfflineDoor) => {
    saveDoor(door);
    doorRef.current = door;
    setDoorVersion((v) => v + 1);
  }, []);
  const [problem, setProblem] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [admittedHere, setAdmittedHere] = useState(0);
  const [online, setOnline] = useState(() => navigator.onLine);
  const [camera, setCamera] = useState(false);
  const videoRef = useRef<HTMLVideoElement>(null);
  const busy = useRef(false);

  const addConflicts = useCallback((found: Conflict[]) => {
    if (found.length === 0) return;
    setConflicts((seen) => {
      const key = (c: Conflict) => `${c.seat}|${c.device}|${c.scannedAt}`;
      const known = new Set(seen.map(key));
      return [...seen, ...found.filter((c) => !known.has(key(c)))];
    });
  }, []);

  /** Sends queued scans, then refreshes the kit from its cursor. */
  const sync = useCallback(async () => {
    let current = doorRef.current;
    const pending = current?.pending() ?? [];
    if (current && pending.length > 0) {
      const synced = await client
        .mutation(SyncCheckInsMutation, { eventId, deviceId: device.current, scans: pending })
        .toPromise();
      if (synced.error) throw synced.error;
      current.markSynced(pending.length);
      keep(current);
      // Both sides at once: this door's scans that lost, and the other doors' entries its earlier scans displaced.
      addConflicts(
        (synced.data?.syncCheckIns ?? []).flatMap((s) => [
          ...(s.outcome === 'CONFLICT' && s.first
            ? [
                {
                  seat: s.seatLabel ?? '?',
                  device: device.current,
                  scannedAt: s.scannedAt,
                  firstDevice: s.first.deviceId,
                  firstAt: s.first.at,
                },
              ]
            : []),
          ...s.secondEntries.map((c) => ({
            seat: c.seatLabel,
            device: c.deviceId,
            scannedAt: c.scannedAt,
            firstDevice: c.first.deviceId,
            firstAt: c.first.at,
          })),
        ]),
      );
    }
    const kit = await client
      .query(ScannerKitQuery, { eventId, since: current?.cursor ?? null }, { requestPolicy: 'network-only' })
      .toPromise();
    if (kit.error) throw kit.error;
    const data = kit.data?.scannerKit;
    if (!data) return;
    if (current) current.applySync(data);
    else current = new OfflineDoor(data);
    keep(current);
    addConflicts(
      data.conflicts.map((c) => ({
        seat: c.seatLabel,
        device: c.deviceId,
        scannedAt: c.scannedAt,
        firstDevice: c.first.deviceId,
        firstAt: c.first.at,
      })),
    );
  }, [client, eventId, addConflicts, keep]);

  useEffect(() => {
    const up = () => {
      setOnline(true);
      sync().then(
        () => setProblem(null),
        (err: unknown) => setProblem(`동기화하지 못했습니다: ${(err as Error).message}`),
      );
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    if (navigator.onLine) up();
    const timer = setInterval(() => {
      if (navigator.onLine) sync().catch(() => {});
    }, KIT_REFRESH_MS);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      clearInterval(timer);
    };
  }, [sync]);

  /** Decides one scanned payload: the server when it can be reached, this device otherwise. */
  const decide = useCallback(
    async (payload: string) => {
      if (busy.current) return;
      busy.current = true;
      try {
        if (navigator.onLine) {
          const result = await client
            .mutation(CheckInMutation, { eventId, payload, deviceId: device.current })
            .toPromise();
          const answer = result.data?.checkIn;
          if (answer) {
            const admitted = answer.outcome === 'ADMITTED';
            if (admitted) setAdmittedHere((n) => n + 1);
            const first = answer.firstCheckIn;
            setVerdict({
              admitted,
              reason: admitted
                ? '입장하세요'
                : `${REFUSAL_TEXT[answer.reason ?? 'MALFORMED']}${first ? ` — ${formatDateTime(first.at)}, ${first.deviceId}` : ''}`,
              seat: answer.seatLabel ?? null,
              offline: false,
              at: Date.now(),
            });
            return;
          }
          // A network failure (not a refusal): decide here, as offline.
          if (result.error && !result.error.networkError) {
            setProblem(errorMessage(result.error) ?? '확인하지 못했습니다.');
            return;
          }
        }
        const here = doorRef.current;
        if (!here) {
          setProblem('이 기기에 입장 확인 정보가 없습니다. 인터넷에 연결해 한 번 받아 두세요.');
          return;
        }
        const decision = here.scan(payload, Date.now());
        keep(here);
        if (decision.admitted) setAdmittedHere((n) => n + 1);
        setVerdict({
          admitted: decision.admitted,
          reason: decision.admitted
            ? '입장하세요 (오프라인 확인, 연결되면 전송)'
            : `${REFUSAL_TEXT[OFFLINE_REFUSAL[decision.reason]]}${decision.firstScannedAt ? ` — ${formatDateTime(decision.firstScannedAt)}, 이 기기` : ''}`,
          seat: seatOf(decision),
          offline: true,
          at: Date.now(),
        });
      } finally {
        busy.current = false;
      }
    },
    [client, eventId, keep],
  );

  const scanPicture = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    event.currentTarget.value = '';
    if (!file) return;
    const bitmap = await createImageBitmap(file);
    const payload = decodeQr(bitmap, bitmap.width, bitmap.height);
    bitmap.close();
    if (!payload) {
      setVerdict({
        admitted: false,
        reason: 'QR 코드를 찾지 못했습니다. 다시 찍어 주세요.',
        seat: null,
        offline: false,
        at: Date.now(),
      });
      return;
    }
    await decide(payload);
  };

  // The camera: a frame every 250 ms, and a pause after each verdict so one ticket is not read twice.
  useEffect(() => {
    if (!camera) return;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let lastPayload = '';
    let lastAt = 0;
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        const video = videoRef.current;
        if (!video) return;
        video.srcObject = stream;
        await video.play();
        timer = setInterval(() => {
          if (!video.videoWidth) return;
          const payload = decodeQr(video, video.videoWidth, video.videoHeight);
          if (!payload || (payload === lastPayload && Date.now() - lastAt < 3_000)) return;
          lastPayload = payload;
          lastAt = Date.now();
          void decide(payload);
        }, 250);
      } catch {
        setProblem('카메라를 쓸 수 없습니다. 사진으로 확인하세요.');
        setCamera(false);
      }
    })();
    return () => {
      clearInterval(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [camera, decide]);

  const door = doorRef.current;
  const pending = door?.pending().length ?? 0;
  return (
    <div
      className="page door"
      data-testid="door"
      data-online={online ? 'true' : 'false'}
      data-kit={door ? 'ready' : 'loading'}
    >
      <header className="door__head">
        <h1>입장 확인</h1>
        <p>
          <Link to={`/events/${eventId}`}>공연 관리</Link> · 기기 {device.current} ·{' '}
          <span data-testid="door-connection">{online ? '온라인' : '오프라인'}</span>
        </p>
      </header>
      {!door && <p className="hint">입장 확인 정보를 받는 중…</p>}
      {problem && (
        <p className="form__error" role="alert">
          {problem}
        </p>
      )}
      <div className="door__controls">
        <label className="button door__picture">
          사진으로 확인
          <input
            type="file"
            accept="image/*"
            capture="environment"
            data-testid="door-picture"
            onChange={(e) => void scanPicture(e)}
          />
        </label>
        <button type="button" className="button button--secondary" onClick={() => setCamera((on) => !on)}>
          {camera ? '카메라 끄기' : '카메라로 확인'}
        </button>
      </div>
      {camera && <video ref={videoRef} className="door__video" muted playsInline />}
      <output
        className={`door__verdict ${verdict ? (verdict.admitted ? 'door__verdict--admit' : 'door__verdict--refuse') : ''}`}
        data-testid="door-verdict"
        data-outcome={verdict ? (verdict.admitted ? 'ADMITTED' : 'REFUSED') : ''}
        data-offline={verdict?.offline ? 'true' : 'false'}
        data-stamp={verdict?.at ?? ''}
        aria-live="assertive"
        key={verdict?.at}
      >
        {verdict ? (
          <>
            <span className="door__mark" aria-hidden="true">
              {verdict.admitted ? '✓' : '✕'}
            </span>
            <strong className="door__word">{verdict.admitted ? '입장' : '입장 불가'}</strong>
            {verdict.seat && (
              <span className="door__seat" data-testid="door-seat">
                {verdict.seat}
              </span>
            )}
            <span className="door__reason" data-testid="door-reason">
              {verdict.reason}
            </span>
          </>
        ) : (
          <span className="door__reason">티켓 QR을 비춰 주세요</span>
        )}
      </output>
      <p className="door__counts">
        이 기기에서 입장 <strong data-testid="door-admitted">{admittedHere}</strong> · 전송 대기{' '}
        <strong data-testid="door-pending">{pending}</strong>
      </p>
      {conflicts.length > 0 && (
        <section
          className="card door__conflicts"
          aria-labelledby="conflicts-title"
          data-testid="door-conflicts"
        >
          <h2 id="conflicts-title">중복 입장</h2>
          <ul>
            {conflicts.map((c) => (
              <li key={`${c.seat}|${c.device}|${c.scannedAt}`}>
                {c.seat}: {formatDateTime(c.scannedAt)} {c.device}의 확인은 무효 — {formatDateTime(c.firstAt)}{' '}
                {c.firstDevice}에서 먼저 입장
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
