import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ENV } from '../app/tokens';
import type { Env } from '../config';
import { type Caller, READ_METHODS, resolveCaller } from './caller';
import { IS_PUBLIC } from './public.decorator';

/** The request as the guard leaves it: the authenticated caller attached for @Actor() and audit. */
export type AuthenticatedRequest = Request & { poshubCaller?: Caller };

/**
 * Every route needs the admin or the viewer token (see caller.ts for how it may be presented)
 * unless marked @Public(). A viewer may only read: any other method answers 403. With no token
 * configured nothing is let in.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ENV) private readonly env: Env,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const caller = resolveCaller(request.headers, this.env);
    if (!caller) throw new UnauthorizedException('a valid admin or viewer bearer token is required');
    const writes = !READ_METHODS.has(request.method.toUpperCase());
    if (writes && caller.role !== 'admin') {
      throw new ForbiddenException('the viewer role is read-only');
    }
    // Browsers attach Basic credentials and cookies to cross-site requests on their own; a custom
    // header cannot be sent cross-site without a CORS preflight (which poshub never allows).
    if (writes && caller.via !== 'bearer' && request.headers['x-requested-with'] === undefined) {
      throw new ForbiddenException('writes authenticated by cookie or Basic need an X-Requested-With header');
    }
    request.poshubCaller = caller;
    return true;
  }
}
