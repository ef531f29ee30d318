import { ICD10_CODE_PATTERN, SCORE_0_TO_10, UUID_PATTERN } from '@massage/contracts';
import { IsInt, IsISO8601, IsString, Matches, Max, Min, type ValidationOptions } from 'class-validator';

/** A real calendar date written `YYYY-MM-DD` (2026-02-30 is refused). */
export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return (target, key) => {
    IsString(options)(target, key);
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD', ...options })(target, key);
    IsISO8601({ strict: true }, { message: '$property must be a real date YYYY-MM-DD', ...options })(target, key);
  };
}

export function IsId(options?: ValidationOptions): PropertyDecorator {
  return (target, key) => {
    IsString(options)(target, key);
    Matches(new RegExp(UUID_PATTERN), { message: '$property must be a uuid', ...options })(target, key);
  };
}

/** A whole number on a 0–10 scale (numeric pain rating, PSFS item), as the events carry it. */
export function IsScore(options?: ValidationOptions): PropertyDecorator {
  return (target, key) => {
    IsInt(options)(target, key);
    Min(SCORE_0_TO_10.minimum, options)(target, key);
    Max(SCORE_0_TO_10.maximum, options)(target, key);
  };
}

/** A whole number within the bounds the events hold it to. */
export function IsIntWithin(bounds: { min: number; max: number }): PropertyDecorator {
  return (target, key) => {
    IsInt()(target, key);
    Min(bounds.min)(target, key);
    Max(bounds.max)(target, key);
  };
}

/** A diagnosis code of ICD-10 (`M54.2`). */
export function IsIcd10(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    Matches(new RegExp(ICD10_CODE_PATTERN), { message: '$property must be an ICD-10 code such as M54.2' })(target, key);
  };
}
