import type { EventStatus, PaymentStatus, QueueMode, ReservationStatus } from '../__generated__/graphql.ts';

export const STATUS_LABEL: Record<EventStatus, string> = {
  DRAFT: '초안',
  SCHEDULED: '판매 예정',
  ON_SALE: '판매 중',
  SOLD_OUT: '매진',
  ENDED: '종료',
  CANCELLED: '취소됨',
};

export const RESERVATION_LABEL: Record<ReservationStatus, string> = {
  PENDING: '결제 대기',
  CONFIRMED: '확정',
  CANCELLED: '취소',
  EXPIRED: '만료',
};

export const PAYMENT_LABEL: Record<PaymentStatus, string> = {
  READY: '결제 전',
  IN_PROGRESS: '승인 중',
  WAITING_FOR_DEPOSIT: '입금 대기',
  DONE: '결제 완료',
  CANCELED: '전액 환불',
  PARTIAL_CANCELED: '부분 환불',
  ABORTED: '실패',
  EXPIRED: '만료',
};

export const MODE_LABEL: Record<QueueMode, string> = {
  AUTO: '자동 (정원 도달 시 켜짐)',
  ON: '항상 켜짐',
  OFF: '꺼짐',
};
