import { Controller, HttpCode, Param, Post, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiError } from '../admin/api-error.filter';
import { ApiAnswer, ApiErrors, ApiJsonBody, ApiPublic } from '../admin/api-schemas/api-docs.decorators';
import { WebhookPayload, WebhookReceipt } from '../admin/api-schemas/webhooks.schemas';
import { Public } from '../admin/public.decorator';
import { WebhookIntakeResult, WebhookIntakeService, WebhookRefusal } from './webhook-intake.service';

/**
 * `POST /webhooks/:connectionId`: no admin token (vendors cannot send one); each connector's
 * signature scheme is checked over the raw body bytes instead.
 */
@ApiTags('webhooks')
@Public()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly intake: WebhookIntakeService) {}

  @Post(':connectionId')
  @HttpCode(200)
  @ApiPublic({
    summary: 'A vendor webhook for a connection (no admin token: signed by the vendor)',
    description:
      "Sent by the POS or CRM, not by operators. The connector's signature scheme is checked over the raw " +
      'body bytes (each connector documents its signature header); events are recorded once by event id.',
  })
  @ApiJsonBody(WebhookPayload, { required: true, jsonOnly: false })
  @ApiAnswer(200, WebhookReceipt, 'The events were accepted')
  @ApiErrors(
    [400, 'BAD_REQUEST: the connector cannot read the body'],
    [401, 'INVALID_SIGNATURE: the signature does not verify'],
    [404, 'NOT_FOUND: no such connection, or it takes no webhooks'],
  )
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
