import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { LEDGER, REDIS } from '../app/tokens';
import type { Ledger } from '../ledger';
import { Public } from './public.decorator';

/** Liveness (the process answers) and readiness (Redis and the ledger answer). */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(LEDGER) private readonly ledger: Ledger,
  ) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
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
