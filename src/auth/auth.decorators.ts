import {
  createParamDecorator,
  CustomDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { Caller, Role } from './auth.types';

export const REQUIRED_ROLE = 'tangle:required-role';
export const PUBLIC_ROUTE = 'tangle:public';
export const QUERY_TOKEN = 'tangle:query-token';

/**
 * The role a route (or every route of a controller) needs. Without it: GET/HEAD need `reader`,
 * other methods `writer`.
 */
export const RequireRole = (role: Role): CustomDecorator<string> =>
  SetMetadata(REQUIRED_ROLE, role);

/** Served to anyone, with or without a token (e.g. /health). */
export const Public = (): CustomDecorator<string> =>
  SetMetadata(PUBLIC_ROUTE, true);

/**
 * The route also takes its token as `?access_token=<token>` when no Authorization header is
 * sent: for clients that cannot set headers (a browser's EventSource). Only for GET streams.
 */
export const AllowQueryToken = (): CustomDecorator<string> =>
  SetMetadata(QUERY_TOKEN, true);

/** The authenticated caller, set on the request by the guard. */
export interface RequestWithCaller {
  caller?: Caller;
}

/** `@Actor() caller: Caller` — the caller whose name is recorded as each event's `actor`. */
export const Actor = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Caller => {
    const request = ctx.switchToHttp().getRequest<RequestWithCaller>();
    if (!request.caller)
      throw new Error(
        '@Actor() used on a route the AuthGuard did not authenticate',
      );
    return request.caller;
  },
);
