import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import {
  PUBLIC_ROUTE,
  REQUIRED_ROLE,
  RequestWithCaller,
} from './auth.decorators';
import { AuthService } from './auth.service';
import { allows, ForbiddenError, Role } from './auth.types';

/** Paths anyone may read (the OpenAPI page is served outside the router; /health is checked here). */
const PUBLIC_PATHS = [/^\/health(\/|$)/];

/**
 * The global HTTP guard: authenticates every request and checks its role against the route's
 * `@RequireRole` (default: GET/HEAD → reader, other methods → writer). Sets `request.caller`.
 * Other transports (WebSocket) use AuthService directly at their handshake.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context
      .switchToHttp()
      .getRequest<Request & RequestWithCaller>();
    const targets = [context.getHandler(), context.getClass()];
    if (
      this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) ||
      PUBLIC_PATHS.some((p) => p.test(request.path))
    ) {
      return true;
    }
    const caller = this.auth.authenticate(
      request.headers.authorization,
      request.socket?.remoteAddress,
    );
    const required: Role =
      this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ??
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
}
