import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidationProblem, type InvalidParam } from './problem-details.filter';

function flatten(errors: ValidationError[], parent = ''): InvalidParam[] {
  return errors.flatMap((e) => {
    const name = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((reason) => ({ name, reason }));
    return [...own, ...flatten(e.children ?? [], name)];
  });
}

/** class-validator on every body: unknown fields and wrong types are refused, naming each field. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationProblem(flatten(errors)),
  });
}
