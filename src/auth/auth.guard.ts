import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  PUBLIC_ROUTE,
  QUERY_TOKEN,
  REQUIRED_ROLE,
  RequestWithCaller,
} from './auth.decorators';
import { AuthService } from './auth.service';
import { HttpRequest, requestPath } from '../common/http-platform';
import { allows, ForbiddenError, Role } from './auth.types';

/** A route's `@Public`, `@RequireRole` and `@AllowQueryToken`. */
interface RouteAuth {
  readonly public: boolean;
  readonly role: Role | undefined;
  readonly queryToken: boolean;
}

/** Paths anyone may read (the OpenAPI page is served outside the router; /health is checked here). */
const PUBLIC_PATHS = [/^\/health(\/|$)/];

/**
 * The global HTTP guard: authenticates every request and checks its role against the route's
 * `@RequireRole` (default: GET/HEAD → reader, other methods → writer). Sets `request.caller`.
 * Other transports (WebSocket) use AuthService directly at their handshake.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** What each route's decorators say, read once per route (decorators are fixed at start-up). */
  private readonly routes = new WeakMap<object, WeakMap<object, RouteAuth>>();

  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  private routeOf(handler: object, controller: object): RouteAuth {
    let byController = this.routes.get(handler);
    if (!byController) {
      byController = new WeakMap();
      this.routes.set(handler, byController);
    }
    let route = byController.get(controller);
    if (!route) {
      const targets = [handler, controller] as Parameters<
        Reflector['getAllAndOverride']
      >[1];
      route = {
        public: Boolean(
          this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets),
        ),
        role: this.reflector.getAllAndOverride<Role | undefined>(
          REQUIRED_ROLE,
          targets,
        ),
        queryToken: Boolean(
          this.reflector.getAllAndOverride<boolean>(QUERY_TOKEN, targets),
        ),
      };
      byController.set(controller, route);
    }
    return route;
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context
      .switchToHttp()
      .getRequest<HttpRequest & RequestWithCaller>();
    const route = this.routeOf(context.getHandler(), context.getClass());
    if (route.public || PUBLIC_PATHS.some((p) => p.test(requestPath(request))))
      return true;
    // Taken out of the URL even when the header wins, so no logged URL ever carries it.
    const fromQuery = this.queryToken(request, route.queryToken);
    const caller = this.auth.authenticate(
      request.headers.authorization ?? fromQuery,
      request.socket?.remoteAddress,
    );
    const required: Role =
      route.role ??
      (request.method === 'GET' || request.method === 'HEAD'
        ? 'reader'
        : 'writer');
    if (!allows(caller.role, required)) {
      throw new ForbiddenError(
        `${caller.name} has role ${caller.role}; this needs ${required}`,
      );
    }
    request.caller = caller;
    return true;
  }

  /**
   * `?access_token=` on a GET route marked `@AllowQueryToken()`, as a bearer credential. It is
   * then removed from the request's URL, so nothing that logs or echoes the URL can show it.
   */
  private queryToken(
    request: HttpRequest,
    allowed: boolean,
  ): string | undefined {
    if (request.method !== 'GET' || !allowed) return undefined;
    const query = request.query as Record<string, unknown>;
    const token: unknown = query.access_token;
    if (token === undefined) return undefined;
    delete query.access_token;
    // The raw request's URL is what every later reader (logs, `request.url`) sees.
    const raw = request.raw as typeof request.raw & { originalUrl?: string };
    raw.url = withoutAccessToken(raw.url ?? '/');
    if (raw.originalUrl !== undefined)
      raw.originalUrl = withoutAccessToken(raw.originalUrl);
    return typeof token === 'string' ? `Bearer ${token}` : 'invalid';
  }
}

/** The URL with its `access_token` query parameter(s) removed. */
export function withoutAccessToken(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const kept = url
    .slice(q + 1)
    .split('&')
    .filter((p) => p !== '' && !/^access_token(=|$)/.test(p));
  return kept.length ? `${url.slice(0, q)}?${kept.join('&')}` : url.slice(0, q);
}
