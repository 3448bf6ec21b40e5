import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InvalidAccessTokenError, type Principal, type Role, verifyAccessToken } from './access-token';
import { AUTH_SETTINGS, type AuthSettings } from './auth-settings';

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
 * Applied to every route of every service (as APP_GUARD): verifies the bearer token itself, puts the
 * principal on the request, and enforces @RequireRoles / @ServiceOnly. Missing or bad token: 401.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = this.authenticate(request.headers['authorization']);
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

  private authenticate(header: string | string[] | undefined): Principal {
    const value = Array.isArray(header) ? header[0] : header;
    const match = value?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new UnauthorizedException('a bearer access token is required');
    try {
      return verifyAccessToken(match[1], this.settings.jwtSecret);
    } catch (error) {
      if (error instanceof InvalidAccessTokenError) throw new UnauthorizedException(error.message);
      throw error;
    }
  }
}
