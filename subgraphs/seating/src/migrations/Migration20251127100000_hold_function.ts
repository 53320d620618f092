import { Migration } from '@mikro-orm/migrations';

/**
 * Holds in one statement (README, "Holding seats"), and a layout version for best-available picking.
 *
 * `seating.hold_seats` runs the steps the service used to drive statement by statement — advisory lock, sale
 * window, per-buyer limit, `FOR UPDATE SKIP LOCKED`, hold and seats, version last — inside Postgres, for a
 * batch of requests of one event (hold-batcher.ts), called once outside any explicit transaction. One round
 * trip and one COMMIT instead of seven statements per hold; and, the point under load: every hold of an event
 * raises that event's version, so holds of an event serialise on its version row from the bump to the end of
 * COMMIT — including the WAL flush (0.2–2 ms on this machine's disk). One hold per transaction capped an event
 * at one hold per flush; a batch carries every request that arrived meanwhile through one flush.
 *
 * Each request is all or nothing on its own: its checks come before its writes, so a refused request writes
 * nothing, and a later request sees an earlier one's seats as taken (and counts them for its buyer's limit).
 */
export class Migration20251127100000_hold_function extends Migration {
  override async up(): Promise<void> {
    // Raised by every layout attachment: where seats are only changes then, so replicas cache it per version
    // (seat-geometry.ts) and ask Postgres only which seats are free.
    this.addSql(
      'alter table "seating"."event_inventory" add column "layout_version" integer not null default 1;',
    );

    // Mirrors sale-window.ts `saleState(…).phase === 'on-sale'`; since Migration20261205140000 generated from the kit's rule.
    this.addSql(`
      create function "seating"."on_sale"(
        p_status text, p_sale_starts_at timestamptz, p_starts_at timestamptz, p_deleted_at timestamptz,
        p_now timestamptz
      ) returns boolean language sql immutable as $$
        select p_deleted_at is null and p_starts_at > p_now
          and (p_status = 'ON_SALE' or (p_status = 'SCHEDULED' and p_sale_starts_at <= p_now))
      $$;`);

    // Holds of one event, any number of buyers, in one transaction (hold-batcher.ts): each request is all or
    // nothing on its own; the batch raises the version once. A refusal writes nothing for its request.
    this.addSql(`
      create function "seating"."hold_seats"(
        p_event_id uuid, p_requests json, p_hold_seconds integer, p_limit integer
      ) returns json language plpgsql
      -- Custom plans were re-made on every call (≈ 25% of the backend's CPU); the generic ones are the same.
      set plan_cache_mode = force_generic_plan
      as $$
      declare
        v_event seating.events%rowtype;
        v_request record;
        v_wanted integer;
        v_owned integer;
        v_locked uuid[];
        v_expires_at timestamptz := now() + make_interval(secs => p_hold_seconds);
        v_total integer;
        v_seats json;
        v_results json[] := '{}';
        v_held integer := 0;
        v_version integer;
      begin
        -- (1) One buyer's requests for one event run one after the other: two cannot both pass the limit.
        -- Taken for every buyer of the batch up front, in key order, so batches never deadlock on them.
        perform pg_advisory_xact_lock(hashtext('seating.hold'), k.key)
          from (select distinct hashtext(r."user"::text || ':' || p_event_id::text) as key
                from json_to_recordset(p_requests) as r("user" uuid) order by 1) k;

        -- (2) The sale window, on Postgres' clock.
        select * into v_event from seating.events where event_id = p_event_id;
        if not found then
          return json_build_object('refused', json_build_object('outcome', 'no-event'));
        end if;
        if not seating.on_sale(v_event.status, v_event.sale_starts_at, v_event.starts_at, v_event.deleted_at, now()) then
          return json_build_object('refused', json_build_object('outcome', 'closed', 'status', v_event.status,
            'saleStartsAt', v_event.sale_starts_at, 'startsAt', v_event.starts_at,
            'deletedAt', v_event.deleted_at, 'now', now()));
        end if;

        for v_request in
          select (e.r->>'hold')::uuid as hold, (e.r->>'user')::uuid as "user",
                 array(select json_array_elements_text(e.r->'seats')::uuid) as seats
          from json_array_elements(p_requests) with ordinality as e(r, n) order by e.n
        loop
          v_wanted := cardinality(v_request.seats);
          -- (3) The buyer's seats of the event, held (this batch's earlier holds included) or bought.
          select count(*)::int into v_owned from seating.seats
            where event_id = p_event_id and owner_id = v_request."user"
              and (status = 'SOLD' or (status = 'HELD' and held_until > now()));
          if v_owned + v_wanted > p_limit then
            v_results := v_results || json_build_object('outcome', 'limit', 'owned', v_owned);
            continue;
          end if;

          -- (4) The seats, never waiting: taken (also by an earlier request of this batch), blocked, unknown,
          -- of another event or locked by a concurrent transaction all mean "not yours": nothing is held.
          -- Most losers in a rush ask for seats already taken: they are answered without locking anything
          -- (a row lock is a WAL record, and a transaction that wrote one must flush it at COMMIT).
          -- "(event_id = …) is true" keeps the event's index out of these plans: with generic plans and no
          -- statistics yet (a freshly attached layout) Postgres read all of the event's seats through it
          -- for every request instead of the few by primary key.
          if (select count(*) from seating.seats
              where id = any(v_request.seats) and (event_id = p_event_id) is true
                and (status = 'AVAILABLE' or (status = 'HELD' and held_until <= now()))) <> v_wanted then
            v_results := v_results || json_build_object('outcome', 'unavailable', 'locked',
              coalesce((select array_agg(id) from seating.seats
                        where id = any(v_request.seats) and (event_id = p_event_id) is true
                          and (status = 'AVAILABLE' or (status = 'HELD' and held_until <= now()))), '{}'));
            continue;
          end if;
          select array_agg(id) into v_locked from (
            select id from seating.seats
            where id = any(v_request.seats) and (event_id = p_event_id) is true
              and (status = 'AVAILABLE' or (status = 'HELD' and held_until <= now()))
            order by id
            for update skip locked) s;
          if coalesce(cardinality(v_locked), 0) <> v_wanted then
            v_results := v_results || json_build_object('outcome', 'unavailable', 'locked', coalesce(v_locked, '{}'));
            continue;
          end if;

          -- (5) The hold (total from the seats' prices) and its seats, in one statement: the seats' foreign
          -- key to the hold is checked at its end.
          with hold as (
            insert into seating.holds (id, event_id, user_id, seat_count, total_amount, expires_at)
            values (v_request.hold, p_event_id, v_request."user", v_wanted,
              (select coalesce(sum((select tt.price from seating.ticket_types tt where tt.id = s.ticket_type_id)), 0)
               from seating.seats s where s.id = any(v_locked)),
              v_expires_at)
            returning id, total_amount
          ), held as (
            update seating.seats s
            set status = 'HELD', hold_id = hold.id, held_until = v_expires_at, owner_id = v_request."user"
            from hold where s.id = any(v_locked)
            returning s.id, s.event_id, s.section, s."row", s.number, s.label, s.x, s.y, s.seq, s.ticket_type_id
          )
          select (select total_amount from hold),
                 json_agg(json_build_object(
                   'id', h.id, 'event_id', h.event_id, 'section', h.section, 'row', h."row", 'number', h.number,
                   'label', h.label, 'x', h.x, 'y', h.y, 'status', 'HELD', 'tt_id', tt.id, 'tt_code', tt.code,
                   'tt_name', tt.name, 'tt_price', tt.price, 'tt_color', tt.color) order by h.seq)
            into v_total, v_seats
            from held h cross join lateral
              (select t.id, t.code, t.name, t.price, t.color from seating.ticket_types t where t.id = h.ticket_type_id) tt;
          v_results := v_results || json_build_object('outcome', 'held', 'expiresAt', v_expires_at,
            'totalAmount', v_total, 'seats', v_seats);
          v_held := v_held + 1;
        end loop;

        -- (6) The version, last, once for the whole batch: the event's row lock is held from here to COMMIT only.
        if v_held > 0 then
          update seating.event_inventory set version = version + 1, updated_at = now()
            where event_id = p_event_id returning version into v_version;
          if v_version is null then
            raise exception 'seats changed for event % without inventory', p_event_id;
          end if;
        end if;
        return json_build_object('version', v_version, 'results', array_to_json(v_results));
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql('alter table "seating"."event_inventory" drop column if exists "layout_version";');
    this.addSql(
      'drop function if exists "seating"."hold_seats"(uuid, uuid, uuid, uuid[], integer, integer);',
    );
    this.addSql(
      'drop function if exists "seating"."on_sale"(text, timestamptz, timestamptz, timestamptz, timestamptz);',
    );
  }
}
