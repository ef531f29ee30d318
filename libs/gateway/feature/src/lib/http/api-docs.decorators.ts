import { applyDecorators } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiHeader,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ProblemDetailsDto } from '../intake/intake-responses.dto';

export const BEARER_SCHEME = 'bearer';

// Errors are application/problem+json (RFC 9457); the schema is registered by the class decorators below.
const problem = { content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } } };

/** What every location-scoped route documents: the bearer scheme, the location parameter and the shared errors. */
export function LocationScopedApi(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiParam({ name: 'locationId', description: 'Location code, e.g. `downtown`; must be the token’s `loc` unless the role is hq-admin.', example: 'downtown' }),
    authenticatedApi('The token is for another location, or its role lacks the permission.'),
  );
}

/** What a franchise-wide route (no location in its path, e.g. the rule tables) documents: only roles granted every location reach it. */
export function FranchiseWideApi(): ClassDecorator & MethodDecorator {
  return authenticatedApi('The token’s role lacks the permission for every location (franchise-wide routes accept no narrower grant).');
}

function authenticatedApi(forbidden: string): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ApiBearerAuth(BEARER_SCHEME),
    ApiUnauthorizedResponse({ description: 'No bearer token, or not a valid one.', ...problem }),
    ApiForbiddenResponse({ description: forbidden, ...problem }),
    ApiBadGatewayResponse({ description: 'The owning service failed or timed out.', ...problem }),
    ApiServiceUnavailableResponse({ description: 'The owning service is unreachable.', ...problem }),
  );
}

export const problemResponse = problem;

/** What every creating POST documents: the required `Idempotency-Key` header and the 422 of a reused key. */
export function IdempotentCreateApi(): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      description: 'A new unique value (e.g. a uuid) per creation, reused only to retry it: the same key with the same body returns the first response (same ids, nothing created twice) for at least 24 h; 400 when missing.',
      schema: { type: 'string', maxLength: 255, example: '5f0c6d2e-8a51-4a7e-b5d4-0f5c1e9a7b23' },
    }),
    ApiUnprocessableEntityResponse({ description: 'The Idempotency-Key was already used with another request.', ...problem }),
  );
}
