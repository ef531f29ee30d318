import { ruleTableDocumentViolations } from '@massage/intake-api';
import { ValidationProblem } from '@massage/platform';
import { Injectable, type PipeTransform } from '@nestjs/common';

/**
 * A rule-table document as `POST /rule-tables` takes it: checked with intake's own rule-table validator (its JSON
 * Schema and rules, through `@massage/intake-api`), so a malformed table is refused here, naming each field, and never
 * forwarded. What needs intake's clock or data (an effective date after today, a version not yet published) stays
 * intake's to refuse.
 */
@Injectable()
export class RuleTableDocumentPipe implements PipeTransform<unknown, unknown> {
  transform(document: unknown): unknown {
    const violations = ruleTableDocumentViolations(document);
    if (violations.length > 0) throw new ValidationProblem(violations, 'The rule-table document is not valid.');
    return document;
  }
}
