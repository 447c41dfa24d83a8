import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Redis } from 'ioredis';
import { LEDGER, REDIS } from '../app/tokens';
import type { Ledger } from '../ledger';
import { ApiAnswer, ApiErrors, ApiPublic } from './api-schemas/api-docs.decorators';
import { Live, Ready } from './api-schemas/health.schemas';
import { Public } from './public.decorator';

/** Liveness (the process answers) and readiness (Redis and the ledger answer). */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(LEDGER) private readonly ledger: Ledger,
  ) {}

  @Get('live')
  @HttpCode(200)
  @ApiPublic({ summary: 'Liveness: the process answers (no token)' })
  @ApiAnswer(200, Live, 'Alive')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiPublic({ summary: 'Readiness: Redis and the ledger answer (no token)' })
  @ApiAnswer(200, Ready, 'Ready')
  @ApiErrors([503, 'HTTP_503: Redis or the database does not answer (the message names which)'])
  async ready(): Promise<{ status: 'ok'; checks: Record<string, string> }> {
    const checks: Record<string, string> = {};
    checks.redis = await this.redis
      .ping()
      .then((r) => (r === 'PONG' ? 'ok' : `unexpected ${r}`))
      .catch((e: Error) => `down: ${e.message}`);
    checks.database = await this.ledger
      .ping()
      .then(() => 'ok')
      .catch((e: Error) => `down: ${e.message}`);
    if (Object.values(checks).some((v) => v !== 'ok')) {
      throw new ServiceUnavailableException(`not ready: ${JSON.stringify(checks)}`);
    }
    return { status: 'ok', checks };
  }
}
