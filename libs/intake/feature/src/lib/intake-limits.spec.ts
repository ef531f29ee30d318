import { INTAKE_API_LIMITS } from '@massage/intake-api';
import { INTAKE_RULES } from '@massage/intake-domain';

describe('intake limits', () => {
  it('the published API limits are the domain rules (gateway and intake refuse the same input)', () => {
    expect(INTAKE_API_LIMITS).toEqual(INTAKE_RULES);
  });
});
