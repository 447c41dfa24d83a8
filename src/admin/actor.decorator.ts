import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './admin-auth.guard';

/** The audit actor of the request (`admin`, `admin:<name>`), as AdminAuthGuard established it. */
export const Actor = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  // Only public routes lack a caller, and they never write to the audit log.
  return request.poshubCaller?.actor ?? 'anonymous';
});
