import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'poshub:isPublic';

/** Marks a route that needs no admin token (health probes; webhooks verify signatures instead). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
