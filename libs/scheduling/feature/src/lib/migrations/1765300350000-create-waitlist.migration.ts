import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Statuses whose span holds the therapist, the room and the client: a waitlist hold (`held`) now among them. */
const HOLDS = `status IN ('held', 'booked', 'checked-in', 'completed')`;
const HOLDS_BEFORE = `status IN ('booked', 'checked-in', 'completed')`;
const BLOCKED = `tstzrange(starts_at, blocked_until, '[)')`;
const PRESSURES = `'P1', 'P2', 'P3', 'P4', 'P5'`;

const exclusions = (holds: string) => `
  ADD CONSTRAINT appointment_therapist_free EXCLUDE USING gist (therapist_id WITH =, ${BLOCKED} WITH &&) WHERE (${holds}),
  ADD CONSTRAINT appointment_room_free EXCLUDE USING gist (room_id WITH =, ${BLOCKED} WITH &&) WHERE (${holds}),
  ADD CONSTRAINT appointment_client_free EXCLUDE USING gist (client_id WITH =, ${BLOCKED} WITH &&) WHERE (${holds})`;

/**
 * The waitlist (ADR 0015):
 * - a location's hold duration (`waitlist_hold_minutes`, default two hours);
 * - `waitlist_entry`: a client waiting for a service in a window of local dates (perhaps one therapist, preferred
 *   local start windows), with the plan every booking check runs on; one open entry per client and service;
 * - `waitlist_offer`: a freed slot offered to one entry until `expires_at`. While open, its slot is held by an
 *   `appointment` row with the offer's id and status `held`, which takes part in the same three exclusion
 *   constraints as a booking: nobody else can book that therapist, room or span, whatever the code does;
 * - `waitlist_freed_slot`: the queue of slots to offer. A trigger adds one whenever a booked appointment is
 *   cancelled or moved away (every path that frees a slot, in its own transaction); a hold that ends unaccepted
 *   adds one too (the service does). A no-show frees nothing worth offering: its slot has begun.
 */
export class CreateWaitlist1765300350000 implements MigrationInterface {
  name = 'CreateWaitlist1765300350000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE location ADD COLUMN waitlist_hold_minutes integer NOT NULL DEFAULT 120 CHECK (waitlist_hold_minutes BETWEEN 5 AND 1440)`);

    await q.query(`
      ALTER TABLE appointment
        DROP CONSTRAINT appointment_status_check,
        ADD CONSTRAINT appointment_status_check CHECK (status IN ('held', 'booked', 'checked-in', 'completed', 'cancelled', 'no-show')),
        DROP CONSTRAINT appointment_therapist_free,
        DROP CONSTRAINT appointment_room_free,
        DROP CONSTRAINT appointment_client_free,
        ${exclusions(HOLDS)}`);

    await q.query(`
      CREATE TABLE waitlist_entry (
        id uuid PRIMARY KEY,
        location_id text NOT NULL REFERENCES location(id),
        client_id uuid NOT NULL,
        service_id uuid NOT NULL,
        therapist_id uuid REFERENCES therapist(id),
        first_day date NOT NULL,
        last_day date NOT NULL,
        preferred_times jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(preferred_times) = 'array'),
        techniques text[] NOT NULL CHECK (cardinality(techniques) > 0),
        focus_regions text[] NOT NULL,
        pressure text NOT NULL CHECK (pressure IN (${PRESSURES})),
        status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'offered', 'booked', 'left')),
        requested_at timestamptz NOT NULL,
        requested_by text NOT NULL,
        appointment_id uuid,
        updated_at timestamptz NOT NULL,
        FOREIGN KEY (service_id, location_id) REFERENCES service(id, location_id),
        CHECK (first_day <= last_day),
        CHECK ((status = 'booked') = (appointment_id IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX waitlist_entry_one_open ON waitlist_entry (location_id, client_id, service_id) WHERE status IN ('waiting', 'offered')`);
    await q.query(`CREATE INDEX waitlist_entry_waiting ON waitlist_entry (location_id, requested_at, id) WHERE status = 'waiting'`);

    await q.query(`
      CREATE TABLE waitlist_offer (
        id uuid PRIMARY KEY,
        entry_id uuid NOT NULL REFERENCES waitlist_entry(id),
        location_id text NOT NULL REFERENCES location(id),
        client_id uuid NOT NULL,
        service_id uuid NOT NULL,
        therapist_id uuid NOT NULL,
        room_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        offered_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'declined', 'expired', 'withdrawn')),
        closed_at timestamptz,
        appointment_id uuid,
        CHECK (offered_at < expires_at AND expires_at <= starts_at AND starts_at < ends_at),
        CHECK ((status = 'open') = (closed_at IS NULL)),
        CHECK ((status = 'accepted') = (appointment_id IS NOT NULL))
      )`);
    // One open offer per entry; an entry is offered one slot (therapist and start) once, whatever it answered.
    await q.query(`CREATE UNIQUE INDEX waitlist_offer_one_open ON waitlist_offer (entry_id) WHERE status = 'open'`);
    await q.query(`CREATE UNIQUE INDEX waitlist_offer_once_per_slot ON waitlist_offer (entry_id, therapist_id, starts_at)`);
    await q.query(`CREATE INDEX waitlist_offer_open_by_expiry ON waitlist_offer (expires_at) WHERE status = 'open'`);

    await q.query(`
      CREATE TABLE waitlist_freed_slot (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        location_id text NOT NULL,
        therapist_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        cause text NOT NULL CHECK (cause IN ('cancelled', 'rescheduled', 'offer-declined', 'offer-expired', 'offer-withdrawn')),
        source_id uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE FUNCTION appointment_frees_slot() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'booked' AND (
             NEW.status = 'cancelled'
             OR (NEW.status = 'booked' AND (NEW.therapist_id, NEW.starts_at, NEW.blocked_until) IS DISTINCT FROM (OLD.therapist_id, OLD.starts_at, OLD.blocked_until))
           ) THEN
          INSERT INTO waitlist_freed_slot (location_id, therapist_id, starts_at, cause, source_id)
          VALUES (OLD.location_id, OLD.therapist_id, OLD.starts_at, CASE WHEN NEW.status = 'cancelled' THEN 'cancelled' ELSE 'rescheduled' END, OLD.id);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER appointment_frees_slot AFTER UPDATE ON appointment FOR EACH ROW EXECUTE FUNCTION appointment_frees_slot()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER appointment_frees_slot ON appointment`);
    await q.query(`DROP FUNCTION appointment_frees_slot()`);
    await q.query(`DROP TABLE waitlist_freed_slot`);
    await q.query(`DROP TABLE waitlist_offer`);
    await q.query(`DROP TABLE waitlist_entry`);
    await q.query(`DELETE FROM appointment WHERE status = 'held'`);
    await q.query(`
      ALTER TABLE appointment
        DROP CONSTRAINT appointment_status_check,
        ADD CONSTRAINT appointment_status_check CHECK (status IN ('booked', 'checked-in', 'completed', 'cancelled', 'no-show')),
        DROP CONSTRAINT appointment_therapist_free,
        DROP CONSTRAINT appointment_room_free,
        DROP CONSTRAINT appointment_client_free,
        ${exclusions(HOLDS_BEFORE)}`);
    await q.query(`ALTER TABLE location DROP COLUMN waitlist_hold_minutes`);
  }
}
