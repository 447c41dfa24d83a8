import { createHmac } from 'node:crypto';

/**
 * HubSpot's v3 request signature: base64(HMAC-SHA256(key = app client secret, message = method +
 * uri + body + timestamp)), where uri is the target URL exactly as configured and timestamp is the
 * `X-HubSpot-Request-Timestamp` value in ms. Receivers also reject timestamps older than 5 minutes.
 * https://developers.hubspot.com/docs/api/webhooks/validating-requests
 */
export function signHubSpotV3(input: {
  clientSecret: string;
  method: string;
  uri: string;
  body: string;
  timestamp: number;
}): string {
  return createHmac('sha256', input.clientSecret)
    .update(`${input.method}${input.uri}${input.body}${input.timestamp}`, 'utf8')
    .digest('base64');
}
