import {
  BadRequestException,
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  ServiceUnavailableException,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InvalidAccessTokenError, type Principal, type Role } from './access-token';
import { ActingForbiddenError, actingPrincipal, InvalidActingHeaderError } from './acting-actor';
import { IdentityProviderUnavailableError } from './oidc/user-token-verifier';
import { AccessTokenVerifier } from './token-verifier';

const PUBLIC_ROUTE = 'flowline:public';
const REQUIRED_ROLES = 'flowline:roles';
const SERVICE_ONLY = 'flowline:service-only';

/** Marks a route that needs no token (health checks, the token endpoint itself). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
/** Callers need one of these roles (service and machine actors carry roles too). */
export const RequireRoles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);
/** Only Flowline's own services may call (e.g. resolving a secret's value). */
export const ServiceOnly = (...services: string[]) => SetMetadata(SERVICE_ONLY, services);

interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/** The authenticated caller of this request, put there by AuthGuard. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new UnauthorizedException('no authenticated caller');
  return principal;
});

/**
 * Applied to every route of every service (as APP_GUARD): verifies the bearer token itself (a machine
 * client's, a service's, or a user's from the identity provider), applies a portal backend's `actor-id`,
 * puts the principal on the request, and enforces @RequireRoles / @ServiceOnly. Missing or bad token: 401.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = this.actorOf(await this.authenticate(request.headers['authorization']), request);
    request.principal = principal;

    const services = this.reflector.getAllAndOverride<string[] | undefined>(SERVICE_ONLY, targets);
    if (
      services &&
      (principal.kind !== 'service' || (services.length > 0 && !services.includes(principal.actorId)))
    ) {
      throw new ForbiddenException('only Flowline services may call this endpoint');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.some((role) => principal.roles.includes(role))) {
      throw new ForbiddenException(`this needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  private async authenticate(header: string | string[] | undefined): Promise<Principal> {
    const value = Array.isArray(header) ? header[0] : header;
    const match = value?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new UnauthorizedException('a bearer access token is required');
    try {
      return await this.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidAccessTokenError) throw new UnauthorizedException(error.message);
      if (error instanceof IdentityProviderUnavailableError)
        throw new ServiceUnavailableException(error.message);
      throw error;
    }
  }

  private actorOf(caller: Principal, request: AuthenticatedRequest): Principal {
    try {
      return actingPrincipal(caller, request.headers);
    } catch (error) {
      if (error instanceof ActingForbiddenError) throw new ForbiddenException(error.message);
      if (error instanceof InvalidActingHeaderError) throw new BadRequestException(error.message);
      throw error;
    }
  }
}
