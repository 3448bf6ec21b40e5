import { InvalidAccessTokenError, type Principal } from '../access-token';
import { readClaim, readNames } from './claim-path';
import { type OidcSettings } from './oidc-settings';

/**
 * The principal of a verified user token. Roles are lower-cased; every user is a `member`, and one whose
 * provider roles include an admin role is also `admin`. Teams keep their spelling.
 */
export function userPrincipalOf(payload: Record<string, unknown>, settings: OidcSettings): Principal {
  const { claims } = settings;
  const userId = readClaim(payload, claims.userId);
  if (typeof userId !== 'string' || userId === '') {
    throw new InvalidAccessTokenError('BAD_CLAIMS', `no user id at claim "${claims.userId}"`);
  }
  const orgClaim = claims.org === undefined ? undefined : readClaim(payload, claims.org);
  const orgId = typeof orgClaim === 'string' && orgClaim !== '' ? orgClaim : settings.defaultOrg;
  if (!orgId) {
    throw new InvalidAccessTokenError('BAD_CLAIMS', `no org at claim "${claims.org}" and no default org`);
  }
  const email = readClaim(payload, claims.email);
  const providerRoles = readNames(payload, claims.roles).map((role) => role.toLowerCase());
  const admins = new Set(settings.adminRoles.map((role) => role.toLowerCase()));
  // `admin` is Flowline's: a provider role grants it only when listed among the admin roles.
  const roles = new Set(['member', ...providerRoles.filter((role) => role !== 'admin')]);
  if (providerRoles.some((role) => admins.has(role))) roles.add('admin');
  return {
    orgId,
    actorId: userId,
    kind: 'user',
    roles: [...roles],
    ...(typeof email === 'string' && email !== '' ? { email } : {}),
    teams: readNames(payload, claims.teams),
  };
}
