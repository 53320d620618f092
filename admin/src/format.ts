/** Numbers, money and times as a Korean operator reads them; times in Korea, whatever the browser's zone. */
const number = new Intl.NumberFormat('ko-KR');
const dateTime = new Intl.DateTimeFormat('ko-KR', {
  timeZone: 'Asia/Seoul',
  dateStyle: 'medium',
  timeStyle: 'short',
});

export const formatNumber = (value: number) => number.format(value);
export const formatWon = (value: number) => `${number.format(value)}원`;
export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));
/** `2026-12-24` → `12/24`, for chart axes. */
export const shortDay = (day: string) => `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}`;

/** The Korean calendar day `offsetDays` from today, `YYYY-MM-DD` (stats counts days in Korea). */
export function koreanDay(offsetDays = 0, now = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(now + offsetDays * 86_400_000);
}

/** What a failed request tells a person: the server's message, or that the server could not be reached. */
export function errorMessage(
  error: { graphQLErrors: { message: string }[]; networkError?: Error } | undefined,
) {
  if (!error) return null;
  const first = error.graphQLErrors[0];
  if (first) return first.message;
  return '서버에 연결할 수 없습니다. 잠시 후 다시 시도하세요.';
}

/** A `datetime-local` value read as Korean time (`2026-12-24T19:00` → `2026-12-24T19:00:00+09:00`). */
export const koreanDateTime = (local: string) => `${local.length === 16 ? `${local}:00` : local}+09:00`;

/** An instant as a `datetime-local` value in Korean time (`…T10:00:00Z` → `2026-12-24T19:00`). */
export function localKoreanDateTime(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Seoul',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
