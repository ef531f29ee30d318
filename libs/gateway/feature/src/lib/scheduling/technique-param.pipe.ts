import { TECHNIQUES, type Technique } from '@massage/contracts';
import { ValidationProblem } from '@massage/platform';
import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

const KNOWN: ReadonlySet<string> = new Set(TECHNIQUES);

/** A technique path parameter (`deep-tissue`); 400 naming the parameter otherwise. */
@Injectable()
export class TechniqueParamPipe implements PipeTransform<string, Technique> {
  transform(value: string, metadata: ArgumentMetadata): Technique {
    if (KNOWN.has(value)) return value as Technique;
    throw new ValidationProblem([{ name: metadata.data ?? 'technique', reason: `must be a technique of the catalogue (${TECHNIQUES.join(', ')})` }]);
  }
}
