import { join } from 'node:path';
import { CONNECTORS } from '../../connectors';
import { CANONICAL_SCHEMAS } from '../../src/canonical';
import { buildRegistry } from '../../src/registry';
import { createSchemaResolver, MappingEngine, runMappingFixtures } from '../../src/mapping';

const MAPPINGS_DIR = join(__dirname, '..', '..', 'mappings');

describe("the repository's mappings", () => {
  it('compile against the real canonical and connector payload schemas and pass every golden fixture', async () => {
    const registry = buildRegistry(CONNECTORS);
    const resolveSchema = createSchemaResolver(CANONICAL_SCHEMAS, {
      get: (id) => registry.get(id)?.manifest,
    });
    const engine = await MappingEngine.load(MAPPINGS_DIR, { resolveSchema });

    // Every default mapping a connector declares must exist.
    for (const { manifest } of registry.list()) {
      for (const spec of [...manifest.streams, ...manifest.entities]) {
        expect({
          connector: manifest.id,
          mapping: spec.defaultMapping,
          loaded: engine.has(spec.defaultMapping),
        }).toEqual({ connector: manifest.id, mapping: spec.defaultMapping, loaded: true });
      }
    }

    const report = await runMappingFixtures(engine, MAPPINGS_DIR);
    const failures = report.failed.map((f) => `${f.mapping} ${f.case}:\n${f.diff}`);
    expect(failures).toEqual([]);
    expect(report.passed.length).toBeGreaterThan(0);
    // Every mapping has at least one golden case.
    const tested = new Set(report.passed.map((c) => c.mapping));
    expect(engine.ids().filter((id) => !tested.has(id))).toEqual([]);
  });
});
