export { buildRegistry, RegistryError, type ConnectorRegistry } from './connector.registry';
