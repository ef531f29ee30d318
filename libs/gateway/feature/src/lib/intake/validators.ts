import { INTAKE_API_LIMITS } from '@massage/intake-api';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

const DATE = new RegExp(INTAKE_API_LIMITS.datePattern);

/** A real calendar date written `YYYY-MM-DD` (2025-02-30 is refused). */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be a calendar date YYYY-MM-DD', ...options },
      validator: { validate: isCalendarDate },
    });
}

/** Refuses the property whenever `when(object)` holds (e.g. details of an injury the client said they did not have). */
export function IsAbsentWhen(when: (object: never) => boolean, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isAbsentWhen',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be omitted here', ...options },
      validator: { validate: (value: unknown, args: ValidationArguments) => value === undefined || !when(args.object as never) },
    });
}

/** No two entries of the array share `key` (entries that are not objects are left to their own validators). */
export function ArrayUniqueBy(key: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'arrayUniqueBy',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `$property must name each ${key} at most once`, ...options },
      validator: {
        validate: (value: unknown) => {
          if (!Array.isArray(value)) return true;
          const keys = value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && v[key] !== undefined).map((v) => v[key]);
          return new Set(keys).size === keys.length;
        },
      },
    });
}
