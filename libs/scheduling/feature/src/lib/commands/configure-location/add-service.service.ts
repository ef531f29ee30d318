import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AddServiceRequest, ServiceResponse } from '@massage/scheduling-api';
import { insertUnique, LocationConfig, type LocationConfigCommand } from '../../calendar/location-config';

/** Adds a service to a location's catalogue (duration, buffer, techniques, equipment); 409 `code-taken` for a code in use. */
@Injectable()
export class AddServiceService {
  constructor(private readonly config: LocationConfig) {}

  add(cmd: LocationConfigCommand, s: AddServiceRequest): Promise<ServiceResponse> {
    return this.config.change(cmd, { path: '/services', body: s, operation: 'service.add', resourceType: 'service' }, async (manager) => {
      const id = randomUUID();
      await insertUnique(
        manager,
        `INSERT INTO service (id, location_id, code, name, duration_minutes, buffer_minutes, techniques, required_equipment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, cmd.locationId, s.code, s.name, s.durationMinutes, s.bufferMinutes, s.techniques, s.requiredEquipment],
        'service',
      );
      return { id, result: { id, locationId: cmd.locationId, ...s } };
    });
  }
}
