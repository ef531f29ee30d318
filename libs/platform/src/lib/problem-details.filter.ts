import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  PayloadTooLargeException,
} from '@nestjs/common';
import type { Request, Response } from 'express';

/** One field that is wrong, named by its JSON path in the request body. */
export interface InvalidParam {
  name: string;
  reason: string;
}

/** RFC 9457 problem details, the one error shape every service answers with. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  'invalid-params'?: InvalidParam[];
  /** Extension members. */
  [extension: string]: unknown;
}

/** Thrown for a request whose fields are wrong; carries each field and why. */
export class ValidationProblem extends HttpException {
  constructor(
    readonly invalidParams: InvalidParam[],
    detail = 'The request has invalid fields.',
  ) {
    super({ detail, invalidParams }, HttpStatus.BAD_REQUEST);
  }
}

/**
 * A refusal named by the rule that refused it: its problem `type` ends in `rule` (e.g. `unknown-location`), so a
 * client tells it apart from any other answer with the same status without reading the prose.
 */
export class NamedProblem extends HttpException {
  constructor(
    status: number,
    readonly rule: string,
    detail: string,
  ) {
    super(detail, status);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  message?: string;
}

/** Maps every error, including Express body-parser failures, to application/problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<Request>();
    const response = ctx.getResponse<Response>();
    const problem = this.toProblem(error);
    problem.instance = request.originalUrl;
    if (problem.status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    response.status(problem.status).type('application/problem+json').json(problem);
  }

  toProblem(error: unknown): ProblemDetails {
    if (error instanceof NamedProblem) return { ...base(error.getStatus()), type: `https://massage.example/problems/${error.rule}`, detail: error.message };
    if (error instanceof ValidationProblem) {
      return { ...base(400), detail: String((error.getResponse() as { detail: string }).detail), 'invalid-params': error.invalidParams };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const detail =
        typeof body === 'string' ? body : typeof body === 'object' && body && 'message' in body ? String((body as { message: unknown }).message) : error.message;
      let problem: ProblemDetails = { ...base(status), detail };
      if (typeof body === 'object' && body && 'invalidParams' in body) problem['invalid-params'] = (body as { invalidParams: InvalidParam[] }).invalidParams;
      // Extension members (RFC 9457 §3.2), e.g. the checks of a 503 from /health/ready.
      if (typeof body === 'object' && body && 'extensions' in body) problem = { ...problem, ...(body as { extensions: object }).extensions, ...problem }; // standard members first, and theirs win
      if (error instanceof PayloadTooLargeException) problem.detail = 'The request body is larger than this API accepts.';
      return problem;
    }
    const parserError = error as BodyParserError;
    if (parserError && parserError.type === 'entity.too.large') {
      return { ...base(413), detail: 'The request body is larger than this API accepts.' };
    }
    if (parserError && parserError.type === 'entity.parse.failed') {
      return { ...base(400), detail: 'The request body is not valid JSON.' };
    }
    const status = parserError?.status ?? parserError?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { ...base(status), detail: parserError.message };
    }
    return { ...base(500), detail: 'Something went wrong on our side; nothing was changed.' };
  }
}

function base(status: number): ProblemDetails {
  return { type: `https://massage.example/problems/${status}`, title: TITLES[status] ?? 'Error', status };
}
