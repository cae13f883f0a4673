export {
  Actor,
  Public,
  RequireRole,
  RequestWithCaller,
} from './auth.decorators';
export { AuthService, isLoopback } from './auth.service';
export { AuthGuard } from './auth.guard';
export {
  Caller,
  Role,
  ROLE_RANK,
  allows,
  UnauthorizedError,
  ForbiddenError,
} from './auth.types';
export { AuthModule } from './auth.module';
