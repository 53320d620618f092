import { formatNumber } from './format.ts';

/** Audit records as an operator reads them: what was done, to what, in words instead of codes and JSON. */

const ACTIONS: Record<string, string> = {
  'api_key.create': 'API 키 발급',
  'api_key.revoke': 'API 키 폐기',
  'artist.create': '아티스트 등록',
  'artist.update': '아티스트 수정',
  'event.attach-layout': '좌석 배치 적용',
  'event.create': '이벤트 생성',
  'event.delete': '이벤트 삭제',
  'event.update': '이벤트 수정',
  'keyword_mapping.add': '검색어 연결 추가',
  'keyword_mapping.remove': '검색어 연결 삭제',
  'layout.create': '좌석 배치 생성',
  'layout.update': '좌석 배치 수정',
  'news.publish': '소식 게시',
  'news.unpublish': '소식 내림',
  'payment.refund': '환불',
  'poster.upload': '포스터 업로드',
  'queue.configure': '대기열 설정',
  'queue.force_admit': '바로 입장',
  'seats.block': '좌석 판매 중지',
  'seats.unblock': '좌석 판매 재개',
  'venue.create': '공연장 등록',
  'venue.update': '공연장 수정',
};

const TARGETS: Record<string, string> = {
  api_key: 'API 키',
  artist: '아티스트',
  event: '이벤트',
  keyword_mapping: '검색어',
  layout: '좌석 배치',
  news: '소식',
  payment: '결제',
  poster: '포스터',
  venue: '공연장',
};

const FIELDS: Record<string, string> = {
  title: '제목',
  titleEn: '영문 제목',
  description: '소개',
  category: '장르',
  venueId: '공연장',
  startsAt: '공연 일시',
  saleStartsAt: '티켓 오픈',
  status: '상태',
  posterUrl: '포스터',
  name: '이름',
  nameEn: '영문 이름',
  city: '도시',
  address: '주소',
  capacity: '수용 인원',
  seatCount: '좌석 수',
};

const QUEUE_MODES: Record<string, string> = { AUTO: '자동', ON: '켜짐', OFF: '꺼짐' };

export const actionLabel = (action: string) => ACTIONS[action] ?? action;
export const targetTypeLabel = (type: string) => TARGETS[type] ?? type;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseDetails(details: string): Json {
  try {
    const parsed: unknown = JSON.parse(details);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : null);

/** The name a record's details give its target (a title, a name, a mapping), when they give one. */
export function targetName(details: Json): string | null {
  const after = isObject(details.after) ? details.after : {};
  const korean = text(details.korean);
  const english = text(details.english);
  if (korean && english) return `${korean} ↔ ${english}`;
  return text(details.title) ?? text(details.name) ?? text(after.title) ?? text(after.name);
}

const fieldList = (keys: string[]) => keys.map((key) => FIELDS[key] ?? key).join(', ');

/** One line saying what changed, in words; null when there is nothing more to say than the action. */
export function describeDetails(action: string, details: Json): string | null {
  switch (action) {
    case 'event.update': {
      const changes = isObject(details.changes) ? Object.keys(details.changes) : [];
      const parts = [
        changes.length > 0 ? `${fieldList(changes)} 변경` : null,
        Array.isArray(details.artistIds) ? `출연진 ${details.artistIds.length}명으로 변경` : null,
      ].filter(Boolean);
      return parts.length > 0 ? parts.join(' · ') : '변경 없음';
    }
    case 'artist.update':
    case 'venue.update':
    case 'layout.update': {
      const before = isObject(details.before) ? details.before : {};
      const after = isObject(details.after) ? details.after : {};
      const changed = Object.keys(after).filter(
        (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
      );
      return changed.length > 0 ? `${fieldList(changed)} 변경` : '변경 없음';
    }
    case 'queue.configure': {
      const after = isObject(details.after) ? details.after : {};
      return [
        typeof after.mode === 'string' ? `모드 ${QUEUE_MODES[after.mode] ?? after.mode}` : null,
        typeof after.capacity === 'number' ? `동시 입장 ${formatNumber(after.capacity)}명` : null,
        after.paused === true ? '입장 일시정지' : after.paused === false ? '입장 진행' : null,
      ]
        .filter(Boolean)
        .join(' · ');
    }
    case 'payment.refund': {
      const amount = typeof details.amount === 'number' ? `${formatNumber(details.amount)}원` : '';
      const kind = details.full === true ? '전액' : '부분';
      const reason = text(details.reason);
      return `${kind} 환불 ${amount}${reason ? ` — ${reason}` : ''}`.trim();
    }
    case 'seats.block':
    case 'seats.unblock':
      return typeof details.changed === 'number' ? `${formatNumber(details.changed)}석` : null;
    case 'event.attach-layout':
      return typeof details.created === 'number'
        ? `좌석 ${formatNumber(details.created)}석 생성, ${formatNumber(Number(details.kept ?? 0))}석 유지, ${formatNumber(Number(details.removed ?? 0))}석 삭제`
        : null;
    case 'layout.create':
      return typeof details.seatCount === 'number' ? `${formatNumber(details.seatCount)}석` : null;
    case 'api_key.create':
      return Array.isArray(details.scopes) ? `권한 ${details.scopes.join(', ')}` : null;
    case 'queue.force_admit':
      return details.alreadyAdmitted === true ? '이미 입장한 회원' : null;
    default:
      return null;
  }
}
