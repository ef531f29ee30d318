import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Statuses whose span still holds the therapist, the room and the client. Cancelled and no-show rows free it. */
const HOLDS = `status IN ('booked', 'checked-in', 'completed')`;
const BLOCKED = `tstzrange(starts_at, blocked_until, '[)')`;

/**
 * Appointments, and the rule that two of them never share a therapist, a room or a client for any instant of
 * their blocked span `[starts_at, blocked_until)` (the service's duration plus its clean-up buffer): three
 * exclusion constraints over tstzrange (btree_gist gives `=` on uuid inside a GiST index). The booking check
 * gives the reasons; these constraints decide races, so a double booking cannot commit whatever the code does.
 * Their names tell the service which resource was taken.
 */
export class CreateAppointments1765300100000 implements MigrationInterface {
  name = 'CreateAppointments1765300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`
      CREATE TABLE appointment (
        id uuid PRIMARY KEY,
        location_id text NOT NULL REFERENCES location(id),
        client_id uuid NOT NULL,
        therapist_id uuid NOT NULL REFERENCES therapist(id),
        room_id uuid NOT NULL,
        service_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        blocked_until timestamptz NOT NULL,
        techniques text[] NOT NULL CHECK (cardinality(techniques) > 0),
        focus_regions text[] NOT NULL,
        pressure text NOT NULL CHECK (pressure IN ('P1', 'P2', 'P3', 'P4', 'P5')),
        status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'checked-in', 'completed', 'cancelled', 'no-show')),
        late_cancellation boolean,
        cancellation_reason text,
        booked_at timestamptz NOT NULL,
        booked_by text NOT NULL,
        updated_at timestamptz NOT NULL,
        checked_in_at timestamptz,
        completed_at timestamptz,
        cancelled_at timestamptz,
        no_show_at timestamptz,
        FOREIGN KEY (room_id, location_id) REFERENCES room(id, location_id),
        FOREIGN KEY (service_id, location_id) REFERENCES service(id, location_id),
        CHECK (starts_at < ends_at AND ends_at <= blocked_until),
        CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL AND late_cancellation IS NOT NULL AND cancellation_reason IS NOT NULL)),
        CONSTRAINT appointment_therapist_free EXCLUDE USING gist (therapist_id WITH =, ${BLOCKED} WITH &&) WHERE (${HOLDS}),
        CONSTRAINT appointment_room_free EXCLUDE USING gist (room_id WITH =, ${BLOCKED} WITH &&) WHERE (${HOLDS}),
        CONSTRAINT appointment_client_free EXCLUDE USING gist (client_id WITH =, ${BLOCKED} WITH &&) WHERE (${HOLDS})
      )`);
    await q.query(`CREATE INDEX appointment_by_location_start ON appointment (location_id, starts_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE appointment`);
  }
}
