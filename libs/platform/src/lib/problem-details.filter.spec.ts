import { BadRequestException, ForbiddenException, HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { NamedProblem, ProblemDetailsFilter, ValidationProblem } from './problem-details.filter';

describe('ProblemDetailsFilter.toProblem', () => {
  const filter = new ProblemDetailsFilter();

  it('names each invalid field of a validation problem', () => {
    const problem = filter.toProblem(new ValidationProblem([{ name: 'painAreas.0.rating', reason: 'must not be greater than 10' }]));
    expect(problem).toMatchObject({ status: 400, title: 'Bad Request', 'invalid-params': [{ name: 'painAreas.0.rating', reason: 'must not be greater than 10' }] });
  });

  it.each([
    [new NotFoundException('client not found'), 404, 'client not found'],
    [new ForbiddenException('another location'), 403, 'another location'],
    [new BadRequestException('bad'), 400, 'bad'],
  ])('keeps the status and message of %p', (error, status, detail) => {
    expect(filter.toProblem(error)).toMatchObject({ status, detail, type: `https://massage.example/problems/${status}` });
  });

  it('names the rule of a named problem in its type', () => {
    expect(filter.toProblem(new NamedProblem(404, 'unknown-location', 'No location has the code nowhere.'))).toEqual({
      type: 'https://massage.example/problems/unknown-location',
      title: 'Not Found',
      status: 404,
      detail: 'No location has the code nowhere.',
    });
  });

  it('maps body-parser failures: too large to 413, unparseable to 400', () => {
    expect(filter.toProblem(Object.assign(new Error('too big'), { type: 'entity.too.large', status: 413 })).status).toBe(413);
    expect(filter.toProblem(new PayloadTooLargeException()).status).toBe(413);
    expect(filter.toProblem(Object.assign(new SyntaxError('x'), { type: 'entity.parse.failed', status: 400 }))).toMatchObject({
      status: 400,
      detail: 'The request body is not valid JSON.',
    });
  });

  it('hides the details of unexpected errors', () => {
    const problem = filter.toProblem(new Error('connection string with password'));
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('password');
  });

  it('adds extension members after the standard ones, which they cannot replace', () => {
    const problem = filter.toProblem(new HttpException({ message: 'database unreachable', extensions: { checks: { database: 'down' }, status: 200 } }, 503));
    expect(problem).toEqual({ type: 'https://massage.example/problems/503', title: 'Service Unavailable', status: 503, detail: 'database unreachable', checks: { database: 'down' } });
    expect(Object.keys(problem)).toEqual(['type', 'title', 'status', 'detail', 'checks']);
  });
});
