import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { BookSeriesRequestDto } from './series.request.dto';
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

const ids = { clientId: '3f2b8c1e-6d0a-4b7e-9a51-2c4d6e8f0a1b', serviceId: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9', therapistId: '9b1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f' };
const plan = { techniques: ['swedish'], focusRegions: ['neck'], pressure: 'P3' };
const join = { ...ids, from: '2026-03-09', to: '2026-03-20', preferredTimes: [{ from: '09:00', to: '12:00' }], ...plan };
const series = { ...ids, firstDate: '2026-03-02', localTime: '10:00', count: 6, everyWeeks: 2, ...plan };

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
