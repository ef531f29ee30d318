import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AddRoomRequest, RoomResponse } from '@massage/scheduling-api';
import { insertUnique, LocationConfig, type LocationConfigCommand } from '../../calendar/location-config';

/** Adds a room with its equipment to a location; 409 `code-taken` for a code the location uses. */
@Injectable()
export class AddRoomService {
  constructor(private readonly config: LocationConfig) {}

  add(cmd: LocationConfigCommand, room: AddRoomRequest): Promise<RoomResponse> {
    return this.config.change(cmd, { path: '/rooms', body: room, operation: 'room.add', resourceType: 'room' }, async (manager) => {
      const id = randomUUID();
      await insertUnique(manager, `INSERT INTO room (id, location_id, code, name, equipment) VALUES ($1, $2, $3, $4, $5)`, [id, cmd.locationId, room.code, room.name, room.equipment], 'room');
      return { id, result: { id, locationId: cmd.locationId, code: room.code, name: room.name, equipment: room.equipment } };
    });
  }
}
