import type { Params } from 'nestjs-pino';
import type { Env } from '../config';
import { correlationFields } from '../observability/correlation';

/** Paths pino blanks in every log line, wherever a secret could surface. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.apiKey',
  '*.password',
  '*.token',
  '*.secret',
  '*.accessToken',
  'config',
];

/** JSON logs with pino; request logs carry a request id, record work a correlationId, never secrets. */
export function loggerOptions(env: Env): Params {
  return {
    pinoHttp: {
      level: env.LOG_LEVEL,
      // Every line written while a record is pulled or delivered carries its correlationId.
      mixin: correlationFields,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && incoming.length <= 128 ? incoming : crypto.randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
    },
  };
}
