/**
 * The connector SDK: contracts (manifest, instance, errors, HTTP client, webhooks) and the helpers
 * connectors use to implement them. Connectors import from here only.
 */
export * from './connector';
export * from './errors';
export * from './http-client';
export * from './webhook';
export {
  createHttpClient,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_RATE_LIMIT_RETRIES,
  type CreateHttpClientOptions,
  type HttpLogger,
  type HttpMetrics,
} from './axios-http-client';
export { createConnectorContext, type ConnectionSettings, type ConnectorRuntime } from './connector-context';
export { RateGovernor, RateWaitAbortedError } from './rate-governor';
export { headerSecretValues, redactText } from './redact';
export { DEFAULT_RETRY_AFTER_MS, MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after';
export { collectSecretValues, isSecretSchema, REDACTED, redactSecrets, secret, secretPaths } from './secret';
export { hmac, timingSafeEqualString } from './signature';
export {
  bodyExcerpt,
  defaultClassifyError,
  extractVendorMessage,
  MAX_BODY_EXCERPT,
  type FailedRequestInfo,
} from './vendor-error';
