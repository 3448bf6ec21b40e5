import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Roles of machine clients and services. `portal-backend` lets a machine client act for a user with the
 * `actor-id` header (see acting-actor.ts). Users carry the roles their identity provider gives them.
 */
export const Roles = ['admin', 'member', 'portal-backend'] as const;
export type Role = (typeof Roles)[number];
export const PORTAL_BACKEND_ROLE: Role = 'portal-backend';

/** Who calls: a person (user), a client-credentials machine actor, or one of Flowline's own services. */
export type ActorKind = 'user' | 'machine' | 'service';

export interface Principal {
  orgId: string;
  actorId: string;
  kind: ActorKind;
  /** Lower-case role names: Flowline's own (`admin`, `member`, ...) or a user's from the identity provider. */
  roles: string[];
  /** A user's email, when the token (or the portal backend acting for the user) gives one. */
  email?: string;
  /** A user's team names, when known. */
  teams?: string[];
  /** The machine client (a portal backend) that acts for this actor with `actor-id`, if any. */
  actingClientId?: string;
}

interface TokenClaims {
  iss: string;
  sub: string;
  org: string;
  kind: ActorKind;
  roles: string[];
  email?: string;
  teams?: string[];
  iat: number;
  exp: number;
}

export const TOKEN_ISSUER = 'flowline';

export type TokenProblem = 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED' | 'WRONG_ISSUER' | 'BAD_CLAIMS';

export class InvalidAccessTokenError extends Error {
  readonly code = 'INVALID_ACCESS_TOKEN';
  constructor(
    readonly problem: TokenProblem,
    detail?: string,
  ) {
    super(`invalid access token (${problem.toLowerCase().replace('_', ' ')})${detail ? `: ${detail}` : ''}`);
  }
}

/**
 * A compact JWT (HS256) naming org, actor, kind and roles. Every service verifies it itself with the
 * shared signing key; none trusts the gateway alone.
 */
export function signAccessToken(
  principal: Principal,
  secret: string,
  ttlSeconds: number,
  now = Date.now(),
): string {
  const iat = Math.floor(now / 1000);
  const claims: TokenClaims = {
    iss: TOKEN_ISSUER,
    sub: principal.actorId,
    org: principal.orgId,
    kind: principal.kind,
    roles: principal.roles,
    ...(principal.email ? { email: principal.email } : {}),
    ...(principal.teams ? { teams: principal.teams } : {}),
    iat,
    exp: iat + ttlSeconds,
  };
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${signature(unsigned, secret)}`;
}

export function verifyAccessToken(token: string, secret: string, now = Date.now()): Principal {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidAccessTokenError('MALFORMED');
  const [header, payload, given] = parts;
  const expected = Buffer.from(signature(`${header}.${payload}`, secret));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new InvalidAccessTokenError('BAD_SIGNATURE');
  }
  const head = decode(header) as { alg?: unknown };
  if (head?.alg !== 'HS256') throw new InvalidAccessTokenError('MALFORMED');
  const claims = decode(payload) as Partial<TokenClaims> | undefined;
  if (!claims || typeof claims !== 'object') throw new InvalidAccessTokenError('MALFORMED');
  if (claims.iss !== TOKEN_ISSUER) throw new InvalidAccessTokenError('WRONG_ISSUER');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now)
    throw new InvalidAccessTokenError('EXPIRED');
  if (
    typeof claims.sub !== 'string' ||
    typeof claims.org !== 'string' ||
    !['user', 'machine', 'service'].includes(claims.kind as string) ||
    !Array.isArray(claims.roles) ||
    !claims.roles.every((role) => (Roles as readonly string[]).includes(role))
  ) {
    throw new InvalidAccessTokenError('BAD_CLAIMS');
  }
  if (
    (claims.email !== undefined && typeof claims.email !== 'string') ||
    (claims.teams !== undefined &&
      (!Array.isArray(claims.teams) || !claims.teams.every((team) => typeof team === 'string')))
  ) {
    throw new InvalidAccessTokenError('BAD_CLAIMS');
  }
  return {
    orgId: claims.org,
    actorId: claims.sub,
    kind: claims.kind as ActorKind,
    roles: claims.roles,
    ...(claims.email !== undefined ? { email: claims.email } : {}),
    ...(claims.teams !== undefined ? { teams: claims.teams } : {}),
  };
}

function signature(data: string, secret: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
