import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { formVersionViolation, isCalendarDate } from '@massage/intake-domain';

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be a real date YYYY-MM-DD', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value) },
    });
}

/** A form version that takes submissions (the domain's registry: an unknown or retired one is refused, saying which). */
export function IsCurrentFormVersion(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCurrentFormVersion',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: (args: ValidationArguments) => formVersionViolation(args.value)?.reason ?? '', ...options },
      validator: { validate: (value: unknown) => formVersionViolation(value) === undefined },
    });
}

/** Entries (transformed from the request body) whose property repeats an earlier entry's, by property name. */
const repeated = new WeakMap<object, Set<string>>();

function isEntry(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * No two entries of the array share `key` (entries that are not objects are left to their own
 * validators). The array is named (`painAreas`); when the entry class marks `key` with
 * `@IsNotRepeated()`, each repeating entry is named too (`painAreas.1.region`), as intake names it.
 */
export function ArrayUniqueBy(key: string, options?: ValidationOptions): PropertyDecorator {
  const keysOf = (value: unknown[]): unknown[] => value.filter((v) => isEntry(v) && v[key] !== undefined).map((v) => (v as Record<string, unknown>)[key]);
  // While the body becomes DTO instances (before validation), mark the entries that repeat a key.
  const markRepeats = Transform(
    ({ value }: { value: unknown }) => {
      if (!Array.isArray(value)) return value;
      const seen = new Set<unknown>();
      for (const entry of value) {
        if (!isEntry(entry) || entry[key] === undefined) continue;
        if (seen.has(entry[key])) repeated.set(entry, (repeated.get(entry) ?? new Set<string>()).add(key));
        seen.add(entry[key]);
      }
      return value;
    },
    { toClassOnly: true },
  );
  return (target: object, propertyName: string | symbol) => {
    markRepeats(target, propertyName);
    registerDecorator({
      name: 'arrayUniqueBy',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `$property must name each ${key} at most once`, ...options },
      validator: {
        validate: (value: unknown) => {
          if (!Array.isArray(value)) return true;
          const keys = keysOf(value);
          return new Set(keys).size === keys.length;
        },
      },
    });
  };
}

/** Refuses the property on an entry that repeats an earlier entry's value (see `ArrayUniqueBy` on the array). */
export function IsNotRepeated(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNotRepeated',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: (args: ValidationArguments) => `${args.property} ${String(args.value)} is listed more than once`, ...options },
      validator: { validate: (_value: unknown, args: ValidationArguments) => !repeated.get(args.object)?.has(args.property) },
    });
}
