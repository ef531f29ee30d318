import { applyDecorators } from '@nestjs/common';
import { ApiBadGatewayResponse, ApiBearerAuth, ApiForbiddenResponse, ApiParam, ApiServiceUnavailableResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ProblemDetailsDto } from '../intake/intake-responses.dto';

export const BEARER_SCHEME = 'bearer';

const problem = { type: ProblemDetailsDto, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } } };

/** What every location-scoped route documents: the bearer scheme, the location parameter and the shared errors. */
export function LocationScopedApi(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiBearerAuth(BEARER_SCHEME),
    ApiParam({ name: 'locationId', description: 'Location code, e.g. `downtown`; must be the token’s `loc` unless the role is admin.', example: 'downtown' }),
    ApiUnauthorizedResponse({ description: 'No bearer token, or not a valid one.', ...problem }),
    ApiForbiddenResponse({ description: 'The token is for another location.', ...problem }),
    ApiBadGatewayResponse({ description: 'The owning service failed or timed out.', ...problem }),
    ApiServiceUnavailableResponse({ description: 'The owning service is unreachable.', ...problem }),
  );
}

export const problemResponse = problem;
