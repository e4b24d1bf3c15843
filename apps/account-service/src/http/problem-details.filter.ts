import { DomainError, ErrorCodes } from '@app/domain';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { invalidRequest, problem, Problem, problemFromDomainError } from '../problems/problem';
import { ProblemException } from './problem.exception';
import { PARTNER_CENTER_ROUTES, partnerCenterErrorOf } from '../partner-center/partner-center-error';

/**
 * Body-parser's errors carry a `type`; map the ones a client causes. (Nest itself turns
 * a JSON syntax error into a BadRequestException before it gets here.)
 */
function problemFromBodyParser(error: { type?: string; limit?: number }): Problem | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return problem('payload-too-large', ErrorCodes.InvalidRequestInput, `The body is larger than the limit of ${error.limit} bytes`);
    case 'encoding.invalid-utf8':
      return problem('invalid-input', ErrorCodes.InvalidRequestInput, 'The body is not valid UTF-8');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problem('unsupported-media-type', ErrorCodes.InvalidRequestInput, 'The body must be JSON in UTF-8');
    default:
      return undefined;
  }
}

function problemFromHttpException(exception: HttpException): Problem {
  const status = exception.getStatus();
  if (status === 404) return problem('not-found', ErrorCodes.InvalidRequestInput, 'No such resource');
  return { ...invalidRequest(`The request could not be read: ${exception.message}`), status };
}

/**
 * Every error leaves the service as RFC 7807 problem details with a Partner Center code, or,
 * on Partner Center's own routes, in Partner Center's error body with the same code and text.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const body = this.toProblem(exception, request);
    if (body.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="customer-account", error="invalid_token"');
    if (request.path.startsWith(PARTNER_CENTER_ROUTES)) {
      response.status(body.status).json(partnerCenterErrorOf(body));
      return;
    }
    response
      .status(body.status)
      .type('application/problem+json')
      .json({ ...body, instance: request.originalUrl });
  }

  private toProblem(exception: unknown, request: Request): Problem {
    if (exception instanceof ProblemException) return exception.problem;
    if (exception instanceof DomainError) return problemFromDomainError(exception);
    const fromBody = problemFromBodyParser(exception as { type?: string });
    if (fromBody) return fromBody;
    if (exception instanceof HttpException) return problemFromHttpException(exception);
    this.logger.error(`${request.method} ${request.path} failed: ${(exception as Error)?.stack ?? exception}`);
    return {
      type: 'about:blank',
      title: 'Internal error',
      status: 500,
      code: ErrorCodes.InvalidRequestInput,
      detail: 'The service failed; the request may be retried with the same MS-RequestId',
      errors: [],
    };
  }
}
