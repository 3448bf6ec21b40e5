import { type Principal, PORTAL_BACKEND_ROLE } from './access-token';

/** Port's headers by which a trusted backend names the actor it acts for (reference §10). */
export const ACTOR_ID_HEADER = 'actor-id';
export const MACHINE_ACTOR_HEADER = 'machine-actor';
/** Flowline's additions: who that actor is, since only the portal knows its users. */
export const ACTOR_EMAIL_HEADER = 'actor-email';
export const ACTOR_ROLES_HEADER = 'actor-roles';
export const ACTOR_TEAMS_HEADER = 'actor-teams';

const ACTING_HEADERS = [
  ACTOR_ID_HEADER,
  MACHINE_ACTOR_HEADER,
  ACTOR_EMAIL_HEADER,
  ACTOR_ROLES_HEADER,
  ACTOR_TEAMS_HEADER,
];

/** The caller sent acting headers without the right to (403), or sent them malformed (400). */
export class ActingForbiddenError extends Error {
  readonly code = 'ACTING_FORBIDDEN';
  constructor(readonly path: string) {
    super(`only a portal backend (a machine client with the role "${PORTAL_BACKEND_ROLE}") may send ${path}`);
  }
}

export class InvalidActingHeaderError extends Error {
  readonly code = 'INVALID_ACTING_HEADER';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

type Headers = Record<string, string | string[] | undefined>;

/**
 * The actor of the request. A portal backend (machine client with the `portal-backend` role) may act for
 * one of its org's users with `actor-id` (and for a machine actor with `machine-actor: ?1`); what the
 * actor may do then comes from the headers the portal sends beside it: `actor-email`, `actor-roles` and
 * `actor-teams` (comma-separated). Without them the actor is a plain member with no teams. Anyone else
 * sending one of these headers is refused.
 */
export function actingPrincipal(caller: Principal, headers: Headers): Principal {
  const sent = ACTING_HEADERS.find((name) => headers[name] !== undefined);
  if (sent === undefined) return caller;
  if (caller.kind !== 'machine' || !caller.roles.includes(PORTAL_BACKEND_ROLE)) {
    throw new ActingForbiddenError(`headers.${sent}`);
  }
  const actorId = single(headers, ACTOR_ID_HEADER);
  if (actorId === undefined || !/^\S{1,200}$/.test(actorId)) {
    throw new InvalidActingHeaderError(
      `headers.${ACTOR_ID_HEADER}`,
      'must name the actor (1-200 characters, no spaces)',
    );
  }
  const machine = machineActor(single(headers, MACHINE_ACTOR_HEADER));
  const email = single(headers, ACTOR_EMAIL_HEADER);
  const roles = list(single(headers, ACTOR_ROLES_HEADER)).map((role) => role.toLowerCase());
  return {
    orgId: caller.orgId,
    actorId,
    kind: machine ? 'machine' : 'user',
    roles: [...new Set(['member', ...roles])],
    ...(email ? { email } : {}),
    teams: list(single(headers, ACTOR_TEAMS_HEADER)),
    actingClientId: caller.actorId,
  };
}

function single(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim();
}

/** RFC 8941 boolean, as Port sends it: `?1` or `?0`. */
function machineActor(value: string | undefined): boolean {
  if (value === undefined || value === '?0') return false;
  if (value === '?1') return true;
  throw new InvalidActingHeaderError(`headers.${MACHINE_ACTOR_HEADER}`, 'must be ?1 or ?0');
}

function list(value: string | undefined): string[] {
  return [
    ...new Set(
      (value ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  ];
}
