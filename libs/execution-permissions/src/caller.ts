/** Who asks to run a self-service trigger (or to see the workflows they may run). */
export interface Caller {
  actorId: string;
  kind: 'user' | 'machine' | 'service';
  /** Compared case-insensitively: Port spells roles `Admin`/`Member`, Flowline `admin`/`member`. */
  roles: readonly string[];
  email?: string;
  /** The user's teams (from the identity provider's token, or from the portal acting for the user). */
  teams?: readonly string[];
}

/** Admins may run every trigger; nothing else needs to be looked up for them. */
export function isAdmin(caller: Caller): boolean {
  return caller.roles.some((role) => role.toLowerCase() === 'admin');
}

/** What rules and policies see of the caller (`user` context, `.user` in policy JQ). */
export function userFacts(caller: Caller): Record<string, unknown> {
  return {
    identifier: caller.actorId,
    email: caller.email ?? null,
    roles: [...caller.roles],
    teams: [...(caller.teams ?? [])],
    kind: caller.kind,
  };
}
