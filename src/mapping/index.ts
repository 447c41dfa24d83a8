export * from './mapping-engine';
export * from './mapping-functions';
export * from './mapping-file.schema';
export * from './fixtures';
export * from './schema-resolver';
export { diffJson } from './json-diff';
