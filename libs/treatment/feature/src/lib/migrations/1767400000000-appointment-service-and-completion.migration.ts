import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The therapist's day (`GET …/therapists/me/sessions`) reads the appointment projection by location and start, and
 * shows what scheduling said of each: the booked service (kept from now on; null for rows projected before, which a
 * new consumer group refills from the topic) and `completed` (AppointmentCompleted, now projected).
 */
export class AppointmentServiceAndCompletion1767400000000 implements MigrationInterface {
  name = 'AppointmentServiceAndCompletion1767400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE treatment_appointment ADD COLUMN service_id uuid`);
    await q.query(`ALTER TABLE treatment_appointment DROP CONSTRAINT treatment_appointment_status_check`);
    await q.query(`ALTER TABLE treatment_appointment ADD CONSTRAINT treatment_appointment_status_check CHECK (status IN ('booked', 'completed', 'cancelled', 'no-show'))`);
    await q.query(`CREATE INDEX treatment_appointment_location_start_idx ON treatment_appointment (location_id, starts_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX treatment_appointment_location_start_idx`);
    await q.query(`UPDATE treatment_appointment SET status = 'booked' WHERE status = 'completed'`);
    await q.query(`ALTER TABLE treatment_appointment DROP CONSTRAINT treatment_appointment_status_check`);
    await q.query(`ALTER TABLE treatment_appointment ADD CONSTRAINT treatment_appointment_status_check CHECK (status IN ('booked', 'cancelled', 'no-show'))`);
    await q.query(`ALTER TABLE treatment_appointment DROP COLUMN service_id`);
  }
}
