import { Controller, HttpCode, Param, Post, Req, type RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError } from '../admin/api-error.filter';
import { Public } from '../admin/public.decorator';
import { WebhookIntakeResult, WebhookIntakeService, WebhookRefusal } from './webhook-intake.service';

/**
 * `POST /webhooks/:connectionId`: no admin token (vendors cannot send one); each connector's
 * signature scheme is checked over the raw body bytes instead.
 */
@Public()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly intake: WebhookIntakeService) {}

  @Post(':connectionId')
  @HttpCode(200)
  async receive(
    @Param('connectionId') connectionId: string,
    @Req() request: RawBodyRequest<Request>,
  ): Promise<WebhookIntakeResult> {
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    try {
      return await this.intake.receive(connectionId, {
        method: request.method,
        url: request.originalUrl,
        headers,
        rawBody: request.rawBody ?? Buffer.alloc(0),
        receivedAt: new Date(),
      });
    } catch (error) {
      if (error instanceof WebhookRefusal) throw new ApiError(error.status, error.code, error.message);
      throw error;
    }
  }
}
