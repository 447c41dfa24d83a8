import type { Params } from 'nestjs-pino';
import type { Env } from '../config';

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

/** JSON logs with pino; request logs carry a correlation id and never secrets. */
export function loggerOptions(env: Env): Params {
  return {
    pinoHttp: {
      level: env.LOG_LEVEL,
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
