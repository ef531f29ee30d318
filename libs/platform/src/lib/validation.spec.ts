import { Type } from 'class-transformer';
import { IsInt, Max, Min, ValidateNested } from 'class-validator';
import { strictValidationPipe } from './validation';
import { ValidationProblem } from './problem-details.filter';

class PainDto {
  @IsInt() @Min(0) @Max(10) rating: number;
}
class BodyDto {
  @ValidateNested({ each: true }) @Type(() => PainDto) painAreas: PainDto[];
}

describe('strictValidationPipe', () => {
  const pipe = strictValidationPipe();
  const run = (value: unknown) => pipe.transform(value, { type: 'body', metatype: BodyDto });

  it('passes a valid body through as the DTO class', async () => {
    await expect(run({ painAreas: [{ rating: 3 }] })).resolves.toBeInstanceOf(BodyDto);
  });

  it('names the nested field that is wrong', async () => {
    const error: ValidationProblem = await run({ painAreas: [{ rating: 11 }] }).catch((e: ValidationProblem) => e);
    expect(error).toBeInstanceOf(ValidationProblem);
    expect(error.invalidParams).toEqual([{ name: 'painAreas.0.rating', reason: 'rating must not be greater than 10' }]);
  });

  it('refuses fields the DTO does not declare', async () => {
    const error: ValidationProblem = await run({ painAreas: [], notes: 'x' }).catch((e: ValidationProblem) => e);
    expect(error.invalidParams.map((p) => p.name)).toEqual(['notes']);
  });
});
