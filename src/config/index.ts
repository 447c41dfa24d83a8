export * from './config-validation.error';
export * from './env.schema';
export * from './poshub-config.schema';
export * from './load-poshub-config';
export { deepFreeze, type DeepReadonly } from './deep-freeze';
export { packageRoot, defaultMappingsDir } from './package-root';
