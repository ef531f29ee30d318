import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { AvailabilityQueryDto, BookAppointmentRequestDto } from './appointment.request.dto';
import { AddServiceRequestDto, CreateLocationRequestDto, UpdateLocationRequestDto } from './location.request.dto';
import { BookSeriesRequestDto } from './series.request.dto';
import { RegisterTherapistRequestDto, SetShiftsRequestDto } from './therapist.request.dto';
import { JoinWaitlistRequestDto } from './waitlist.request.dto';

/** The names of the invalid fields, as the strict validation pipe (libs/platform) reports them. */
function invalidFields<T extends object>(dto: ClassConstructor<T>, body: unknown): string[] {
  const errors = validateSync(plainToInstance(dto, body) as object, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  const names = (es: ValidationError[], parent: string): string[] =>
    es.flatMap((e) => {
      const name = parent ? `${parent}.${e.property}` : e.property;
      return [...Object.keys(e.constraints ?? {}).map(() => name), ...names(e.children ?? [], name)];
    });
  return [...new Set(names(errors, ''))];
}

const location = {
  code: 'downtown-toronto',
  name: 'Downtown Toronto',
  timeZone: 'America/Toronto',
  jurisdiction: 'CA-ON',
  openingHours: [{ weekday: 'monday', windows: [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '24:00' }] }],
  closures: [{ from: '2026-12-25', to: '2026-12-26', reason: 'holiday' }],
};

const booking = {
  clientId: '3f2b8c1e-6d0a-4b7e-9a51-2c4d6e8f0a1b',
  therapistId: '9b1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f',
  serviceId: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
  startsAt: '2026-03-09T10:00:00-04:00',
  techniques: ['swedish'],
  focusRegions: ['neck'],
  pressure: 'P3',
};

describe('scheduling request DTOs', () => {
  it('accept complete bodies', () => {
    expect(invalidFields(CreateLocationRequestDto, location)).toEqual([]);
    expect(invalidFields(BookAppointmentRequestDto, booking)).toEqual([]);
    expect(invalidFields(RegisterTherapistRequestDto, { subject: 'therapist-1', displayName: 'Sam', licence: { number: 'RMT-1', jurisdiction: 'CA-ON', expiresOn: '2027-12-31' } })).toEqual([]);
    expect(invalidFields(AddServiceRequestDto, { code: 'swedish-60', name: 'Swedish', durationMinutes: 60, bufferMinutes: 15, techniques: ['swedish'], requiredEquipment: [] })).toEqual([]);
  });

  it.each<[string, ClassConstructor<object>, object, string]>([
    ['an unknown zone', CreateLocationRequestDto, { ...location, timeZone: 'Mars/Olympus' }, 'timeZone'],
    ['a code that is not a slug', CreateLocationRequestDto, { ...location, code: 'Down Town' }, 'code'],
    ['a window ending at 25:00', CreateLocationRequestDto, { ...location, openingHours: [{ weekday: 'monday', windows: [{ from: '09:00', to: '25:00' }] }] }, 'openingHours.0.windows.0.to'],
    ['an unknown weekday', CreateLocationRequestDto, { ...location, openingHours: [{ weekday: 'funday', windows: [{ from: '09:00', to: '10:00' }] }] }, 'openingHours.0.weekday'],
    ['a closure on 2026-02-30', CreateLocationRequestDto, { ...location, closures: [{ from: '2026-02-30', to: '2026-03-01', reason: 'holiday' }] }, 'closures.0.from'],
    ['a start without offset', BookAppointmentRequestDto, { ...booking, startsAt: '2026-03-09T10:00:00' }, 'startsAt'],
    ['an unknown technique', BookAppointmentRequestDto, { ...booking, techniques: ['reiki'] }, 'techniques'],
    ['no technique', BookAppointmentRequestDto, { ...booking, techniques: [] }, 'techniques'],
    ['pressure outside P1–P5', BookAppointmentRequestDto, { ...booking, pressure: 'P6' }, 'pressure'],
    ['a client id that is not a uuid', BookAppointmentRequestDto, { ...booking, clientId: 'ada' }, 'clientId'],
    ['an unknown field', BookAppointmentRequestDto, { ...booking, price: 120 }, 'price'],
    ['a shift at 8 am written 8:00', SetShiftsRequestDto, { shifts: [{ weekday: 'monday', from: '8:00', to: '12:00' }] }, 'shifts.0.from'],
    ['a service of 5 minutes', AddServiceRequestDto, { code: 's', name: 'S', durationMinutes: 5, bufferMinutes: 0, techniques: ['swedish'], requiredEquipment: [] }, 'durationMinutes'],
  ])('refuse %s, naming the field', (_, dto, body, field) => {
    expect(invalidFields(dto, body)).toContain(field);
  });

  it('read comma-separated techniques from the availability query', () => {
    const search = { serviceId: booking.serviceId, from: '2026-03-09', to: '2026-03-13' };
    const query = plainToInstance(AvailabilityQueryDto, { ...search, techniques: 'swedish,deep-tissue', focusRegions: 'neck', pressure: 'P2' });
    expect(query.techniques).toEqual(['swedish', 'deep-tissue']);
    expect(query.focusRegions).toEqual(['neck']);
    expect(invalidFields(AvailabilityQueryDto, search)).toEqual([]);
    expect(invalidFields(AvailabilityQueryDto, { ...search, techniques: 'swedish,reiki', focusRegions: 'neck', pressure: 'P2' })).toEqual(['techniques']);
    // A plan is whole or absent: techniques alone name the missing parts.
    expect(invalidFields(AvailabilityQueryDto, { ...search, techniques: 'swedish' })).toEqual(['focusRegions', 'pressure']);
  });

  it('take every setting of a location update, whole, and refuse its code, its closures or a missing window', () => {
    const { code, closures, ...settings } = location;
    const update = { ...settings, cancellationWindowMinutes: 720 };
    expect(invalidFields(UpdateLocationRequestDto, update)).toEqual([]);
    expect(invalidFields(UpdateLocationRequestDto, { ...update, code })).toEqual(['code']);
    expect(invalidFields(UpdateLocationRequestDto, { ...update, closures })).toEqual(['closures']);
    expect(invalidFields(UpdateLocationRequestDto, settings)).toEqual(['cancellationWindowMinutes']);
    expect(invalidFields(UpdateLocationRequestDto, { ...update, timeZone: 'Mars/Olympus' })).toEqual(['timeZone']);
    expect(invalidFields(UpdateLocationRequestDto, { ...update, openingHours: [{ weekday: 'monday', windows: [{ from: '09:00', to: '25:00' }] }] })).toEqual(['openingHours.0.windows.0.to']);
  });
});

const waitlistIds = { clientId: '3f2b8c1e-6d0a-4b7e-9a51-2c4d6e8f0a1b', serviceId: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9', therapistId: '9b1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f' };
const waitlistPlan = { techniques: ['swedish'], focusRegions: ['neck'], pressure: 'P3' };
const join = { ...waitlistIds, from: '2026-03-09', to: '2026-03-20', preferredTimes: [{ from: '09:00', to: '12:00' }], ...waitlistPlan };
const series = { ...waitlistIds, firstDate: '2026-03-02', localTime: '10:00', count: 6, everyWeeks: 2, ...waitlistPlan };

describe('waitlist and series request DTOs', () => {
  it('accept complete bodies, and a waitlist entry for any therapist at any time', () => {
    expect(invalidFields(JoinWaitlistRequestDto, join)).toEqual([]);
    const minimal = Object.fromEntries(Object.entries(join).filter(([field]) => field !== 'therapistId' && field !== 'preferredTimes'));
    expect(invalidFields(JoinWaitlistRequestDto, minimal)).toEqual([]);
    expect(invalidFields(BookSeriesRequestDto, series)).toEqual([]);
  });

  it.each([
    ['a date that does not exist', JoinWaitlistRequestDto, { ...join, to: '2026-02-30' }, ['to']],
    ['a preferred time that is not HH:mm', JoinWaitlistRequestDto, { ...join, preferredTimes: [{ from: '9am', to: '12:00' }] }, ['preferredTimes.0.from']],
    ['too many preferred windows', JoinWaitlistRequestDto, { ...join, preferredTimes: Array.from({ length: 5 }, () => ({ from: '09:00', to: '10:00' })) }, ['preferredTimes']],
    ['an unknown technique', JoinWaitlistRequestDto, { ...join, techniques: ['reiki'] }, ['techniques']],
    ['a series of one session', BookSeriesRequestDto, { ...series, count: 1 }, ['count']],
    ['a series of 27 sessions', BookSeriesRequestDto, { ...series, count: 27 }, ['count']],
    ['every 0 weeks', BookSeriesRequestDto, { ...series, everyWeeks: 0 }, ['everyWeeks']],
    ['a start at 24:00', BookSeriesRequestDto, { ...series, localTime: '24:00' }, ['localTime']],
    ['an instant instead of a local date', BookSeriesRequestDto, { ...series, firstDate: '2026-03-02T10:00:00Z' }, ['firstDate']],
  ])('refuse %s, naming the field', (_, dto, body, fields) => {
    expect(invalidFields(dto as ClassConstructor<object>, body)).toEqual(fields);
  });
});
