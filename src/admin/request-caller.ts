import { AsyncLocalStorage } from 'node:async_hooks';
import type { Caller } from './caller';

/**
 * The caller of the request being handled, for code that runs outside Nest's router (Bull Board's
 * handlers) and so cannot take it from a decorator. Set by httpAuthMiddleware.
 */
export const requestCaller = new AsyncLocalStorage<Caller>();
