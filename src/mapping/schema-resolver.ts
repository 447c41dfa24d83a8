import { z } from 'zod';
import type { SchemaResolver } from './mapping-loader';

/** The part of a connector manifest the resolver reads. */
export interface EntitySchemaSource {
  get(
    connectorId: string,
  ):
    | { readonly entities: readonly { readonly name: string; readonly payloadSchema?: z.ZodType }[] }
    | undefined;
}

const ACCEPT_AS_IS = z.unknown();

/**
 * Resolves mapping output names: `canonical.<kind>` to the canonical schema, `<connector>.<entity>` to
 * the entity's payloadSchema, or to "anything" when the entity declares none (its connector then owns
 * validation). Unknown kinds, connectors and entities resolve to undefined, which fails the load.
 */
export function createSchemaResolver(
  canonicalSchemas: Readonly<Record<string, z.ZodType>>,
  connectors: EntitySchemaSource,
): SchemaResolver {
  return (name) => {
    const dot = name.indexOf('.');
    if (dot < 0) return undefined;
    const owner = name.slice(0, dot);
    const member = name.slice(dot + 1);
    if (owner === 'canonical') {
      return Object.prototype.hasOwnProperty.call(canonicalSchemas, member)
        ? canonicalSchemas[member]
        : undefined;
    }
    const entity = connectors.get(owner)?.entities.find((candidate) => candidate.name === member);
    if (!entity) return undefined;
    return entity.payloadSchema ?? ACCEPT_AS_IS;
  };
}
