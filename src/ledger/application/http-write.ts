import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  HttpCode,
  HttpStatus,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
} from '@nestjs/swagger';
import { HttpReply, HttpRequest } from '../../common/http-platform';
import { RequestWithCaller } from '../../auth/auth.decorators';
import { Caller } from '../../auth/auth.types';
import { BodyValidationPipe } from '../../common/validation';
import { LedgerCommand } from '../domain/ledger.commands';
import { ApiWriteErrors } from './api-errors';
import { WriteResultDto } from './dto/deal.dto';
import { answer, httpWriteContext, parseIfMatch } from './http-context';
import { LedgerCommands } from './ledger-commands.service';
import { WriteResult } from './ledger.write';

/** What every ledger write route reads from its request besides the path and the body. */
export interface HttpWrite {
  /** The authenticated caller, recorded as each event's `actor`. */
  readonly caller: Caller;
  readonly idempotencyKey: string | undefined;
  readonly correlationId: string | undefined;
  readonly ifMatch: string | undefined;
  /** Where the answer's ETag is set; Nest still sends the returned value. */
  readonly response: HttpReply;
}

function header(request: HttpRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * `@Write() write: HttpWrite` — the caller (set by the AuthGuard), Idempotency-Key,
 * X-Correlation-Id, If-Match and the response. The headers are checked when the write runs,
 * after the body, by {@link dispatchWrite} and {@link expectedRevision}.
 */
export const Write = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): HttpWrite => {
    const http = ctx.switchToHttp();
    const request = http.getRequest<HttpRequest & RequestWithCaller>();
    if (!request.caller)
      throw new Error(
        '@Write() used on a route the AuthGuard did not authenticate',
      );
    return {
      caller: request.caller,
      idempotencyKey: header(request, 'idempotency-key'),
      correlationId: header(request, 'x-correlation-id'),
      ifMatch: header(request, 'if-match'),
      response: http.getResponse<HttpReply>(),
    };
  },
);

/** A ledger write controller: bearer auth, the Idempotency-Key header, the write errors, body validation. */
export function LedgerWriteController(): ClassDecorator {
  return applyDecorators(
    ApiWriteErrors(),
    ApiBearerAuth(),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A retry with the same key and body gets the first answer and records nothing new',
    }),
    ValidatedBodies(),
  );
}

const bodyValidation = new BodyValidationPipe();

/**
 * Each route's `@Body()` validated against its DTO (the parameter's declared type) before the
 * route runs, as BodyValidationPipe validates it, but without Nest's pipe step: that step runs
 * every parameter of every request through a chain of promises (a dozen and more per write, the
 * largest share of what a write allocates), where a body the DTO's compiled rules vouch for needs
 * none. The route's method is wrapped in place; what Nest and the OpenAPI document read from it
 * (its metadata) is carried over, and its parameters stay declared as they were.
 */
function ValidatedBodies(): ClassDecorator {
  return (target) => {
    const prototype = target.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const route = prototype[name];
      if (name === 'constructor' || typeof route !== 'function') continue;
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, target, name) ??
        {}) as Record<string, { index: number }>;
      const types = (Reflect.getMetadata(
        'design:paramtypes',
        prototype,
        name,
      ) ?? []) as unknown[];
      const body = Object.entries(args).find(([key]) =>
        key.startsWith(`${RouteParamtypes.BODY}:`),
      )?.[1].index;
      const dto = body === undefined ? undefined : types[body];
      if (body === undefined || typeof dto !== 'function') continue;
      const validated = function (this: unknown, ...params: unknown[]) {
        const checked = bodyValidation.body(
          params[body],
          dto as new () => object,
        );
        if (!(checked instanceof Promise)) {
          params[body] = checked;
          return route.apply(this, params) as unknown;
        }
        return checked.then((full) => {
          params[body] = full;
          return route.apply(this, params) as unknown;
        });
      };
      for (const key of Reflect.getOwnMetadataKeys(route))
        Reflect.defineMetadata(
          key,
          Reflect.getOwnMetadata(key, route) as unknown,
          validated,
        );
      Object.defineProperty(validated, 'name', { value: route.name });
      prototype[name] = validated;
    }
  };
}

/** A write route's status (201 or 200) and its documented answer `{ id, revision, position }`. */
export function WriteAnswer(
  status: HttpStatus.CREATED | HttpStatus.OK,
  description?: string,
): MethodDecorator {
  const documented = {
    type: WriteResultDto,
    ...(description === undefined ? {} : { description }),
  };
  return applyDecorators(
    HttpCode(status),
    status === HttpStatus.CREATED
      ? ApiCreatedResponse(documented)
      : ApiOkResponse(documented),
  );
}

/** The revision `If-Match` names, as the command's `expectedRevision` (nothing without the header). */
export function expectedRevision(
  write: HttpWrite,
): { expectedRevision: number } | Record<string, never> {
  const revision = parseIfMatch(write.ifMatch);
  return revision === undefined ? {} : { expectedRevision: revision };
}

/**
 * Runs one ledger command for an HTTP write: the write context from the caller and headers
 * (refused before anything runs when a header is malformed), then the answer
 * `{ id, revision, position }` with the stream's revision as ETag.
 */
export function dispatchWrite(
  ledger: LedgerCommands,
  write: HttpWrite,
  command: LedgerCommand,
): Promise<WriteResult> {
  const context = httpWriteContext(
    write.caller,
    write.idempotencyKey,
    write.correlationId,
  );
  return answer(write.response, ledger.execute(command, context));
}
