import { Role } from '../config/app-config';
import { TangleError } from '../shared/errors';

export type { Role };

/** Who is calling: a token's name and role, or `local` (writer) for a loopback caller when no tokens are configured. */
export interface Caller {
  readonly name: string;
  readonly role: Role;
}

/** reader < analyst < writer < admin */
export const ROLE_RANK: Record<Role, number> = {
  reader: 0,
  analyst: 1,
  writer: 2,
  admin: 3,
};

export function allows(role: Role, required: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[required];
}

export class UnauthorizedError extends TangleError {
  constructor(message: string) {
    super('unauthorized', `authorization: ${message}`, {
      field: 'authorization',
    });
  }
}

export class ForbiddenError extends TangleError {
  constructor(message: string) {
    super('forbidden', `authorization: ${message}`, { field: 'authorization' });
  }
}
