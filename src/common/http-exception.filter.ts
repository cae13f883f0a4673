import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { ErrorCode, TangleError } from '../shared/errors';
import { BODY_LIMIT_BYTES, HttpReply } from './http-platform';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: HttpStatus.BAD_REQUEST,
  rule_violated: HttpStatus.BAD_REQUEST,
  not_found: HttpStatus.NOT_FOUND,
  stream_not_found: HttpStatus.NOT_FOUND,
  already_exists: HttpStatus.CONFLICT,
  wrong_expected_revision: HttpStatus.CONFLICT,
  event_store_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  timeout: HttpStatus.GATEWAY_TIMEOUT,
  idempotency_key_reused: HttpStatus.UNPROCESSABLE_ENTITY,
};

/**
 * The one place where errors become HTTP: `{ statusCode, error, message, ...details }`,
 * `message` naming the offending field (API.md conventions).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<HttpReply | undefined>();
    if (!res || typeof res.status !== 'function' || res.sent) return;
    const { status, body } = toHttp(exception);
    if (status >= 500)
      this.logger.error(
        exception instanceof Error ? exception.stack : String(exception),
      );
    if (status === 401) void res.header('WWW-Authenticate', 'Bearer');
    void res.status(status).send(body);
  }
}

export function toHttp(exception: unknown): {
  status: number;
  body: Record<string, unknown>;
} {
  const raw = (exception as { message?: unknown } | null)?.message;
  const decodeFailure =
    typeof raw === 'string'
      ? /^Failed to decode param '(.*)'$/.exec(raw)
      : null;
  if (decodeFailure) {
    // A path parameter that cannot be percent-decoded (`/deals/%FF`); every route's one is `id`.
    return {
      status: 400,
      body: {
        statusCode: 400,
        error: reasonPhrase(400),
        message: `id: "${decodeFailure[1]}" is not valid percent-encoded UTF-8`,
        code: 'validation_failed',
        field: 'id',
      },
    };
  }
  if (exception instanceof TangleError) {
    const status = STATUS[exception.code];
    return {
      status,
      body: {
        statusCode: status,
        error: reasonPhrase(status),
        message: exception.message,
        code: exception.code,
        ...(exception.field ? { field: exception.field } : {}),
        ...(exception.details ?? {}),
      },
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    let message: string = exception.message;
    if (
      typeof response === 'object' &&
      response !== null &&
      'message' in response
    ) {
      const m = response.message;
      message = Array.isArray(m) ? m.join('; ') : String(m);
    }
    // Body-reading errors of the platform arrive as HttpExceptions; name the body as the field.
    if (status === 400 && /JSON|Unexpected token|position/i.test(message))
      message = `body: malformed JSON (${message})`;
    if (status === 413) return tooLarge(BODY_LIMIT_BYTES);
    return {
      status,
      body: { statusCode: status, error: reasonPhrase(status), message },
    };
  }
  // Errors of the HTTP platform that reach a filter directly (the router's, the body reader's).
  const platformError = exception as {
    code?: unknown;
    statusCode?: unknown;
    message?: string;
  };
  if (
    platformError &&
    typeof platformError.code === 'string' &&
    platformError.code.startsWith('FST_') &&
    typeof platformError.statusCode === 'number' &&
    platformError.statusCode < 500
  ) {
    if (platformError.statusCode === 413) return tooLarge(BODY_LIMIT_BYTES);
    const status = platformError.statusCode;
    const message = platformError.code.startsWith('FST_ERR_CTP')
      ? `body: ${platformError.message ?? platformError.code}`
      : (platformError.message ?? platformError.code);
    return {
      status,
      body: { statusCode: status, error: reasonPhrase(status), message },
    };
  }
  return {
    status: 500,
    body: {
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal error',
    },
  };
}

/** An oversize body is bad input like any other (API.md: 400 naming the field). */
function tooLarge(limit: number | undefined): {
  status: number;
  body: Record<string, unknown>;
} {
  const message = `body: request entity too large${typeof limit === 'number' ? ` (at most ${limit} bytes; send large imports in several requests)` : ''}`;
  return {
    status: 400,
    body: { statusCode: 400, error: reasonPhrase(400), message },
  };
}

function reasonPhrase(status: number): string {
  const names: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    413: 'Payload Too Large',
    422: 'Unprocessable Entity',
    428: 'Precondition Required',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return names[status] ?? 'Error';
}
