export { buildRegistry, RegistryError, type ConnectorRegistry } from './connector.registry';
export { CUSTOMER_BEHAVIOUR_STREAM, derivedStreams, type DerivedStreamSpec } from './derived-streams';
