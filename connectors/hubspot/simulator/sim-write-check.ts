import { validationError, type ErrorDetail } from './sim-errors';
import type { SimPipeline } from './sim-pipelines';
import type { PropertyStore } from './sim-properties.store';
import { normalizeValue } from './sim-values';
import type { ObjectTypeId } from './sim.types';

/**
 * Validates the `properties` of a create or update against the definitions and returns them
 * normalized (null = clear). All problems are reported at once, in HubSpot's VALIDATION_ERROR form
 * whose message embeds the per-property list and whose `errors` carry a code per property.
 */
export function checkWrite(
  props: PropertyStore,
  pipelines: readonly SimPipeline[],
  type: ObjectTypeId,
  input: unknown,
  current: Readonly<Record<string, string>> = {},
): Record<string, string | null> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input))
    throw validationError('`properties` must be an object of property names to values.');
  const out: Record<string, string | null> = {};
  const errors: (ErrorDetail & { name: string })[] = [];
  for (const [name, raw] of Object.entries(input as Record<string, unknown>)) {
    const def = props.find(type, name);
    if (!def) {
      errors.push({
        name,
        message: `Property "${name}" does not exist`,
        code: 'PROPERTY_DOESNT_EXIST',
        context: { propertyName: [name] },
      });
      continue;
    }
    if (def.modificationMetadata.readOnlyValue) {
      errors.push({
        name,
        message: `${name} is a read only property; its value cannot be set.`,
        code: 'READ_ONLY_VALUE',
        context: { propertyName: [name] },
      });
      continue;
    }
    const n = normalizeValue(def, raw);
    if ('error' in n) errors.push({ name, ...n.error });
    else out[name] = n.ok;
  }
  if (type === '0-3' && errors.length === 0) checkDealStage(pipelines, out, current, errors);
  if (errors.length > 0) {
    const legacy = errors.map((e) => ({ isValid: false, message: e.message, error: e.code, name: e.name }));
    throw validationError(`Property values were not valid: ${JSON.stringify(legacy)}`, {
      errors: errors.map(({ name: _name, ...e }) => e),
    });
  }
  return out;
}

/** A deal's stage must belong to its pipeline; a stage without a pipeline lands in 'default'. */
function checkDealStage(
  pipelines: readonly SimPipeline[],
  out: Record<string, string | null>,
  current: Readonly<Record<string, string>>,
  errors: (ErrorDetail & { name: string })[],
): void {
  const stage = 'dealstage' in out ? out.dealstage : current.dealstage;
  let pipelineId = 'pipeline' in out ? out.pipeline : current.pipeline;
  if (stage && !pipelineId) {
    pipelineId = 'default';
    out.pipeline = pipelineId;
  }
  if (!stage || !pipelineId) return;
  const pipeline = pipelines.find((p) => p.id === pipelineId);
  if (pipeline && !pipeline.stages.some((s) => s.id === stage)) {
    errors.push({
      name: 'dealstage',
      message: `${stage} is not a valid deal stage of pipeline ${pipelineId}`,
      code: 'INVALID_OPTION',
      context: { propertyName: ['dealstage'] },
    });
  }
}
