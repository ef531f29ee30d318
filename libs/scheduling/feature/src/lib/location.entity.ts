import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A franchise location as scheduling sees it: its time zone decides what "a day" means there. */
@Entity({ name: 'location' })
export class LocationEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** IANA zone, e.g. America/Toronto: instants are stored in UTC, days are reasoned about in this zone. */
  @Column({ type: 'text', name: 'time_zone' })
  timeZone: string;
}
