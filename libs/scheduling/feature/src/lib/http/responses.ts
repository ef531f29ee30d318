import type { ApiWeekday, LocationResponse, ServiceResponse, TherapistResponse } from '@massage/scheduling-api';
import { WEEKDAYS } from '@massage/scheduling-domain';
import type { StoredLocation, StoredService, StoredTherapist } from '../calendar/calendar.reader';

export function toServiceResponse(s: StoredService): ServiceResponse {
  return {
    id: s.id,
    locationId: s.locationId,
    code: s.code,
    name: s.name,
    durationMinutes: s.durationMinutes,
    bufferMinutes: s.bufferMinutes,
    techniques: s.techniques,
    requiredEquipment: s.requiredEquipment,
  };
}

export function toLocationResponse(l: StoredLocation, services: readonly StoredService[]): LocationResponse {
  return {
    code: l.id,
    name: l.name,
    timeZone: l.timeZone,
    jurisdiction: l.jurisdiction,
    openingHours: WEEKDAYS.filter((d) => (l.openingHours[d] ?? []).length > 0).map((weekday: ApiWeekday) => ({ weekday, windows: l.openingHours[weekday] ?? [] })),
    closures: l.closures.map((c, i) => ({ from: c.from, to: c.to, reason: l.closureReasons[i] ?? 'other' })),
    cancellationWindowMinutes: l.cancellationWindowMinutes,
    rooms: l.roomDetails.map((r) => ({ id: r.id, locationId: l.id, code: r.code, name: r.name, equipment: r.equipment })),
    services: services.map(toServiceResponse),
  };
}

export function toTherapistResponse(t: StoredTherapist): TherapistResponse {
  return {
    id: t.id,
    subject: t.subject,
    displayName: t.displayName,
    locations: t.locations,
    licences: t.licences.map((l) => ({ number: l.number, jurisdiction: l.jurisdiction, validFrom: l.validFrom ?? null, expiresOn: l.expiresOn })),
    certifications: t.certifications.map((c) => ({ technique: c.technique, validFrom: c.validFrom ?? null, expiresOn: c.expiresOn ?? null })),
    shifts: t.shifts.map((s) => ({ locationId: s.locationId, weekday: s.weekday, from: s.from, to: s.to, validFrom: s.validFrom ?? null, validTo: s.validTo ?? null })),
    timeOff: t.timeOffDetails.map((o) => ({ id: o.id, from: o.from.toISOString(), to: o.to.toISOString(), reason: o.reason })),
  };
}
