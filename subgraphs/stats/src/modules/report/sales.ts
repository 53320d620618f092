import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, isUuid, pageSize, pgTimestamp, runSql, type Sql, sql, uuidArray } from '@tiketi/kit';

/** Days are Korean calendar days: a sale at 00:30 KST on the 24th is the 24th's, whatever the server's zone. */
export const TIME_ZONE = 'Asia/Seoul';
export const MAX_DAYS = 366;
export const MAX_TOP_EVENTS = 100;

/** A period of whole days, both ends included (`YYYY-MM-DD`). */
export interface SalesPeriod {
  from: string;
  to: string;
}

/** An event as stats knows it: its id (the rest is catalog's, through the router). */
export interface EventRef {
  id: string;
}

export interface EventSalesRow {
  eventId: string;
  orders: number;
  ticketsSold: number;
  revenue: number;
}

export interface DailySalesRow {
  date: string;
  grossRevenue: number;
  refunded: number;
  netRevenue: number;
  orders: number;
  ticketsSold: number;
  ticketsCancelled: number;
  newUsers: number;
  totalUsers: number;
}

export type SalesTotalsRow = Omit<DailySalesRow, 'date'>;

const DAY_MS = 86_400_000;

/** Refuses a period that runs backwards or is longer than `MAX_DAYS`. */
export function salesPeriod(from: string, to: string): SalesPeriod {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days < 1) throw badInput(`"from" (${from}) must not be after "to" (${to}).`, 'from');
  if (days > MAX_DAYS) {
    throw badInput(`A period can be at most ${MAX_DAYS} days; ${from} to ${to} is ${days}.`, 'to');
  }
  return { from, to };
}

/** The period's first and last instants (`lo` included, `hi` not), as SQL over the period's days. */
const bounds = (period: SalesPeriod) =>
  sql`select (${period.from}::date)::timestamp at time zone ${TIME_ZONE} as lo,
             (${period.to}::date + 1)::timestamp at time zone ${TIME_ZONE} as hi`;

const day = (column: Sql) => sql`(${column} at time zone ${TIME_ZONE})::date`;

/**
 * The CTEs both daily views start from, over every event's orders or (`eventId`) one event's: `b` (the
 * period's bounds), `days` (every day of it), and per day `sold` (orders, tickets, gross), `cancelled` (tickets
 * given back) and `refunded` (money given back), each on the day it happened.
 */
const salesDays = (period: SalesPeriod, eventId: string | null) =>
  sql`with b as (${bounds(period)}),
      days as (select generate_series(${period.from}::date, ${period.to}::date, interval '1 day')::date as day),
      o as (select * from stats.orders where ${eventId}::uuid is null or event_id = ${eventId}::uuid),
      sold as (
        select ${day(sql`o.confirmed_at`)} as day, sum(o.amount) as gross, count(*) as orders,
               sum(o.seat_count) as tickets
        from o cross join b
        where o.confirmed_at >= b.lo and o.confirmed_at < b.hi group by 1),
      cancelled as (
        select ${day(sql`c.cancelled_at`)} as day, sum(o.seat_count) as tickets
        from stats.cancellations c join o using (reservation_id) cross join b
        where c.cancelled_at >= b.lo and c.cancelled_at < b.hi group by 1),
      refunded as (
        select ${day(sql`r.refunded_at`)} as day, sum(r.amount) as amount
        from stats.refunds r join o using (reservation_id) cross join b
        where r.refunded_at >= b.lo and r.refunded_at < b.hi group by 1)`;

interface DayRow {
  date: string;
  gross_revenue: number;
  refunded: number;
  orders: number;
  tickets_sold: number;
  tickets_cancelled: number;
  new_users: number;
  total_users: number;
}

/** Every day of the period, days without activity included. One statement. */
export async function dailySales(em: EntityManager, period: SalesPeriod): Promise<DailySalesRow[]> {
  const rows = await runSql<DayRow>(
    em,
    sql`${salesDays(period, null)},
        joined as (
          select ${day(sql`u.registered_at`)} as day, count(*) as users
          from stats.users u cross join b
          where u.registered_at >= b.lo and u.registered_at < b.hi group by 1)
        select to_char(d.day, 'YYYY-MM-DD') as date,
               coalesce(s.gross, 0)::float8 as gross_revenue,
               coalesce(r.amount, 0)::float8 as refunded,
               coalesce(s.orders, 0)::int as orders,
               coalesce(s.tickets, 0)::int as tickets_sold,
               coalesce(c.tickets, 0)::int as tickets_cancelled,
               coalesce(j.users, 0)::int as new_users,
               ((select count(*) from stats.users u cross join b where u.registered_at < b.lo)
                 + sum(coalesce(j.users, 0)) over (order by d.day))::int as total_users
        from days d
          left join sold s using (day) left join cancelled c using (day)
          left join refunded r using (day) left join joined j using (day)
        order by d.day`,
  );
  return rows.map((r) => ({
    date: r.date,
    grossRevenue: r.gross_revenue,
    refunded: r.refunded,
    netRevenue: r.gross_revenue - r.refunded,
    orders: r.orders,
    ticketsSold: r.tickets_sold,
    ticketsCancelled: r.tickets_cancelled,
    newUsers: r.new_users,
    totalUsers: r.total_users,
  }));
}

/** The sums of `days` (as `dailySales` returns them, oldest first). */
export function totalsOf(days: DailySalesRow[]): SalesTotalsRow {
  const sum = (pick: (d: DailySalesRow) => number) => days.reduce((total, d) => total + pick(d), 0);
  return {
    grossRevenue: sum((d) => d.grossRevenue),
    refunded: sum((d) => d.refunded),
    netRevenue: sum((d) => d.netRevenue),
    orders: sum((d) => d.orders),
    ticketsSold: sum((d) => d.ticketsSold),
    ticketsCancelled: sum((d) => d.ticketsCancelled),
    newUsers: sum((d) => d.newUsers),
    totalUsers: days.at(-1)?.totalUsers ?? 0,
  };
}

interface EventSalesSqlRow {
  event_id: string;
  orders: number;
  tickets_sold: number;
  revenue: number;
}

/** Orders that stand (confirmed, not cancelled), each with what was refunded of it. */
const standingOrders = sql`
  select o.event_id, o.seat_count, o.amount - coalesce(rf.amount, 0) as revenue, o.confirmed_at
  from stats.orders o
    left join stats.cancellations c using (reservation_id)
    left join (select reservation_id, sum(amount) as amount from stats.refunds group by 1) rf
      using (reservation_id)
  where c.reservation_id is null`;

const eventSalesRow = (r: EventSalesSqlRow): EventSalesRow => ({
  eventId: r.event_id,
  orders: r.orders,
  ticketsSold: r.tickets_sold,
  revenue: r.revenue,
});

/** The events that sold the most tickets in the period: most tickets first, then most revenue. */
export async function topEvents(
  em: EntityManager,
  period: SalesPeriod,
  first: number,
): Promise<EventSalesRow[]> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_TOP_EVENTS) {
    throw badInput(`"first" must be between 1 and ${MAX_TOP_EVENTS}.`, 'first');
  }
  const rows = await runSql<EventSalesSqlRow>(
    em,
    sql`with b as (${bounds(period)})
        select s.event_id, count(*)::int as orders, sum(s.seat_count)::int as tickets_sold,
               sum(s.revenue)::float8 as revenue
        from (${standingOrders}) s cross join b
        where s.confirmed_at >= b.lo and s.confirmed_at < b.hi
        group by s.event_id
        order by tickets_sold desc, revenue desc, s.event_id
        limit ${first}`,
  );
  return rows.map(eventSalesRow);
}

/** All-time sales of each event asked for (zeros for an event that sold nothing). One statement. */
export async function salesOfEvents(
  em: EntityManager,
  eventIds: readonly string[],
): Promise<[string, EventSalesRow][]> {
  const rows = await runSql<EventSalesSqlRow>(
    em,
    sql`select s.event_id, count(*)::int as orders, sum(s.seat_count)::int as tickets_sold,
               sum(s.revenue)::float8 as revenue
        from (${standingOrders}) s
        where s.event_id = any(${uuidArray(eventIds.filter(isUuid))}::uuid[])
        group by s.event_id`,
  );
  const found = new Map(rows.map((r) => [r.event_id, eventSalesRow(r)]));
  return eventIds.map((id) => [id, found.get(id) ?? { eventId: id, orders: 0, ticketsSold: 0, revenue: 0 }]);
}

export interface EventDayRow {
  date: string;
  orders: number;
  ticketsSold: number;
  ticketsCancelled: number;
  netRevenue: number;
}

/** One event's days: what `dailySales` counts, for its orders only (no accounts). One statement. */
export async function eventDailySales(
  em: EntityManager,
  eventId: string,
  period: SalesPeriod,
): Promise<EventDayRow[]> {
  if (!isUuid(eventId)) return [];
  const rows = await runSql<{
    date: string;
    orders: number;
    tickets_sold: number;
    tickets_cancelled: number;
    net_revenue: number;
  }>(
    em,
    sql`${salesDays(period, eventId)}
        select to_char(d.day, 'YYYY-MM-DD') as date,
               coalesce(s.orders, 0)::int as orders,
               coalesce(s.tickets, 0)::int as tickets_sold,
               coalesce(c.tickets, 0)::int as tickets_cancelled,
               (coalesce(s.gross, 0) - coalesce(r.amount, 0))::float8 as net_revenue
        from days d left join sold s using (day) left join cancelled c using (day) left join refunded r using (day)
        order by d.day`,
  );
  return rows.map((r) => ({
    date: r.date,
    orders: r.orders,
    ticketsSold: r.tickets_sold,
    ticketsCancelled: r.tickets_cancelled,
    netRevenue: r.net_revenue,
  }));
}

export interface SoldOrderRow {
  reservationId: string;
  eventId: string;
  tickets: number;
  amount: number;
  confirmedAt: Date;
  cancelledAt: Date | null;
}

/** The latest confirmed orders of every event, newest first: a live view of an on-sale. */
export async function recentOrders(
  em: EntityManager,
  first: number | null | undefined,
): Promise<SoldOrderRow[]> {
  const limit = pageSize(first);
  const rows = await runSql<{
    reservation_id: string;
    event_id: string;
    seat_count: number;
    amount: string | number;
    confirmed_at: string | Date;
    cancelled_at: string | Date | null;
  }>(
    em,
    sql`select o.reservation_id, o.event_id, o.seat_count, o.amount, o.confirmed_at, c.cancelled_at
        from stats.orders o left join stats.cancellations c using (reservation_id)
        order by o.confirmed_at desc, o.reservation_id desc
        limit ${limit}`,
  );
  return rows.map((r) => ({
    reservationId: r.reservation_id,
    eventId: r.event_id,
    tickets: r.seat_count,
    amount: Number(r.amount),
    confirmedAt: pgTimestamp(r.confirmed_at),
    cancelledAt: r.cancelled_at ? pgTimestamp(r.cancelled_at) : null,
  }));
}
