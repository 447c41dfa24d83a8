/** Injection tokens for values that are not classes. */
export const ENV = Symbol('poshub.env');
export const POSHUB_CONFIG = Symbol('poshub.config');
export const ROLE = Symbol('poshub.role');
export const CONNECTOR_REGISTRY = Symbol('poshub.connectorRegistry');
/** ioredis connection used by BullMQ queues and workers (maxRetriesPerRequest: null). */
export const BULL_CONNECTION = Symbol('poshub.bullConnection');
/** ioredis connection for short commands: locks, the rate governor, health. */
export const REDIS = Symbol('poshub.redis');
export const QUEUE_PREFIX = Symbol('poshub.queuePrefix');
export const LEDGER = Symbol('poshub.ledger');
export const MAPPING_ENGINE = Symbol('poshub.mappingEngine');
