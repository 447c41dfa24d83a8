import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ENV } from '../app/tokens';
import type { Env } from '../config';
import { timingSafeEqualString } from '../sdk/signature';
import { IS_PUBLIC } from './public.decorator';

/**
 * Every route needs `Authorization: Bearer <POSHUB_ADMIN_TOKEN>` unless marked @Public(). The
 * comparison is constant-time, and with no token configured nothing is let in.
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
    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const expected = this.env.POSHUB_ADMIN_TOKEN;
    if (!match || !expected || !timingSafeEqualString(match[1].trim(), expected)) {
      throw new UnauthorizedException('a valid admin bearer token is required');
    }
    return true;
  }
}
