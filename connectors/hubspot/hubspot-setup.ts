import { z } from 'zod';
import { AuthError, ConnectorError, RejectedError, type CheckResult, type SetupResult } from '../../src/sdk';
import type { HubSpotClient } from './hubspot.client';
import type { HubSpotConfig } from './hubspot.config';
import { errorStatus } from './hubspot.errors';
import { POSHUB_OBJECT_TYPES, poshubProperties, type PoshubObjectType } from './hubspot.properties';
import { NamedListSchema, PipelinesSchema } from './hubspot.schemas';

const PropertyListSchema = z
  .object({
    results: z
      .array(z.object({ name: z.string(), hasUniqueValue: z.boolean().optional() }).loose())
      .default([]),
  })
  .loose();

type SetupConfig = Pick<HubSpotConfig, 'properties' | 'pipeline' | 'dealStage' | 'refundDealStage'>;

async function existingProperties(
  client: HubSpotClient,
  type: PoshubObjectType,
): Promise<Map<string, { hasUniqueValue?: boolean }>> {
  const list = await client.get(`/crm/v3/properties/${type}`, PropertyListSchema);
  return new Map(list.results.map((p) => [p.name, p]));
}

/** Creates one definition; a 409 means it exists already (another setup ran meanwhile). */
async function createOnce(client: HubSpotClient, path: string, body: object): Promise<boolean> {
  try {
    await client.post(path, body, z.unknown());
    return true;
  } catch (err) {
    if (err instanceof RejectedError && errorStatus(err) === 409) return false;
    throw err;
  }
}

/**
 * Creates the `poshub` property group and poshub's custom properties on contacts, deals and line
 * items, leaving every existing one alone (idempotent: a second run creates nothing).
 */
export async function runSetup(client: HubSpotClient, config: SetupConfig): Promise<SetupResult> {
  const created: string[] = [];
  const existing: string[] = [];
  const definitions = poshubProperties(config);
  const group = config.properties.group;
  for (const type of POSHUB_OBJECT_TYPES) {
    const groups = await client.get(`/crm/v3/properties/${type}/groups`, NamedListSchema);
    const groupId = `${type} group ${group}`;
    if (groups.results.some((g) => g.name === group)) existing.push(groupId);
    else if (await createOnce(client, `/crm/v3/properties/${type}/groups`, { name: group, label: 'poshub' }))
      created.push(groupId);
    else existing.push(groupId);

    const have = await existingProperties(client, type);
    for (const definition of definitions[type]) {
      const id = `${type}.${definition.name}`;
      if (have.has(definition.name)) existing.push(id);
      else if (await createOnce(client, `/crm/v3/properties/${type}`, definition)) created.push(id);
      else existing.push(id);
    }
  }
  const message =
    created.length > 0
      ? `created ${created.length} definition(s): ${created.join(', ')}`
      : 'nothing to create';
  return { ok: true, message, created, existing };
}

/** What `check` finds missing or wrong in the account (empty when everything is in place). */
async function problems(client: HubSpotClient, config: SetupConfig): Promise<string[]> {
  const found: string[] = [];
  const pipelines = await client.get('/crm/v3/pipelines/deals', PipelinesSchema);
  const pipeline = pipelines.results.find((p) => p.id === config.pipeline);
  if (!pipeline) {
    found.push(`deal pipeline "${config.pipeline}" does not exist (GET /crm/v3/pipelines/deals lists them)`);
  } else {
    for (const stage of new Set([config.dealStage, config.refundDealStage])) {
      if (!pipeline.stages.some((s) => s.id === stage))
        found.push(`deal stage "${stage}" is not a stage of pipeline "${config.pipeline}"`);
    }
  }
  const definitions = poshubProperties(config);
  const missing: string[] = [];
  for (const type of POSHUB_OBJECT_TYPES) {
    const have = await existingProperties(client, type);
    for (const d of definitions[type]) {
      const current = have.get(d.name);
      if (!current) missing.push(`${type}.${d.name}`);
      else if (d.hasUniqueValue && current.hasUniqueValue === false)
        found.push(
          `${type}.${d.name} exists but is not unique; poshub upserts by it (recreate it as unique)`,
        );
    }
  }
  if (missing.length > 0) found.push(`missing properties: ${missing.join(', ')}`);
  return found;
}

/**
 * Read-only check: the token works (account info), the pipeline and stages exist, and poshub's
 * properties exist; reports the account's currencies (deals in any other are refused). Refused
 * credentials and missing set-up are reported, not thrown.
 */
export async function runCheck(
  client: HubSpotClient,
  config: SetupConfig,
  connectionId: string,
): Promise<CheckResult> {
  try {
    // Read afresh: a check proves the token works now and shows the currencies as they are now.
    const account = await client.accountInfo(0);
    const found = await problems(client, config);
    if (found.length > 0) {
      const setupHint = found.some((p) => p.startsWith('missing properties'))
        ? ` — run \`poshub connections setup ${connectionId}\``
        : '';
      return { ok: false, message: `${found.join('; ')}${setupHint}` };
    }
    // CheckResult has only a message: the currencies go there, as deals in others are refused.
    const additional = account.additionalCurrencies ?? [];
    const currencies = [account.companyCurrency ?? '?', ...additional].join(', ');
    return {
      ok: true,
      message: `connected to HubSpot account ${account.portalId ?? '?'}; deal currencies: ${currencies}`,
    };
  } catch (err) {
    if (err instanceof AuthError)
      return { ok: false, message: `HubSpot refused the access token: ${err.message}` };
    if (err instanceof ConnectorError) return { ok: false, message: err.message };
    throw err;
  }
}
