import { IsISO8601, IsRFC3339, IsString, Matches, type ValidationOptions } from 'class-validator';
import { SCHEDULING_API_LIMITS as L } from './scheduling-http.constants';

const DATE = new RegExp(L.datePattern);
const TIME = new RegExp(L.timePattern);

/** A real calendar date written `YYYY-MM-DD` (2026-02-30 is refused). */
export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return (target, key) => {
    IsString(options)(target, key);
    Matches(DATE, { message: '$property must be a date YYYY-MM-DD', ...options })(target, key);
    IsISO8601({ strict: true }, { message: '$property must be a real date YYYY-MM-DD', ...options })(target, key);
  };
}

/** A local wall-clock time `HH:mm` (`24:00` allowed as the end of a window). */
export function IsLocalTime(options?: ValidationOptions): PropertyDecorator {
  return (target, key) => {
    IsString(options)(target, key);
    Matches(TIME, { message: '$property must be a local time HH:mm', ...options })(target, key);
  };
}

/** An instant with its offset (RFC 3339), e.g. `2026-03-08T10:00:00-04:00`. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, key) => {
    IsString(options)(target, key);
    IsRFC3339({ message: '$property must be an RFC 3339 date-time with an offset', ...options })(target, key);
  };
}
