import { RULE_TABLE_VERSION_PATTERN, UUID_PATTERN } from '@massage/contracts';
import { ValidationProblem } from '@massage/platform';
import { Injectable, type PipeTransform, type ArgumentMetadata } from '@nestjs/common';
import { isLocationCode, LOCATION_CODE_MAX_LENGTH } from '../auth/auth-token';

const UUID = new RegExp(UUID_PATTERN);
const RULE_TABLE_VERSION = new RegExp(RULE_TABLE_VERSION_PATTERN);

/** A location code path parameter (`downtown-toronto`); 400 naming the parameter otherwise. */
@Injectable()
export class LocationCodePipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (isLocationCode(value)) return value;
    throw new ValidationProblem([{ name: metadata.data ?? 'locationId', reason: `must be a location code (lowercase letters, digits and dashes, at most ${LOCATION_CODE_MAX_LENGTH} characters)` }]);
  }
}

/** A uuid path parameter (client and intake ids); 400 naming the parameter otherwise. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (UUID.test(value)) return value.toLowerCase();
    throw new ValidationProblem([{ name: metadata.data ?? 'id', reason: 'must be a uuid' }]);
  }
}

/** A rule-table version path parameter (`2026.1`); 400 naming the parameter otherwise. */
@Injectable()
export class RuleTableVersionPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (RULE_TABLE_VERSION.test(value)) return value;
    throw new ValidationProblem([{ name: metadata.data ?? 'version', reason: 'must be a rule-table version (letters, digits, `.`, `_`, `-`; at most 32 characters, e.g. 2026.1)' }]);
  }
}
