import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';
import { diffJson } from './json-diff';
import type { MappingContext, MappingEngine } from './mapping-engine';

/** One fixture case: `<mapping id>` + `<case>` (the file name without `.input.json`). */
export interface FixtureCaseRef {
  readonly mapping: string;
  readonly case: string;
}

/** A failed case with a readable, path-level explanation. */
export interface FixtureFailure extends FixtureCaseRef {
  readonly diff: string;
}

export interface FixtureReport {
  readonly passed: FixtureCaseRef[];
  readonly failed: FixtureFailure[];
}

/** `<case>.context.json`: what the pipeline would pass in MappingContext. */
const FixtureContextSchema = z.strictObject({
  connectionId: z.string().default('fixture'),
  lookups: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  context: z.record(z.string(), z.unknown()).optional(),
  overrides: z.record(z.string(), z.string()).optional(),
});

const ExpectedErrorSchema = z.array(z.string().min(1)).min(1);

/**
 * Runs the golden fixtures under `dir`: for every `<name>.fixtures/` folder, applies mapping
 * `<relative dir>/<name>` to each `*.input.json` (with its optional `*.context.json`) and compares the
 * result with `*.expected.json`, or checks that it fails with every substring of `*.expected-error.json`.
 */
export async function runMappingFixtures(engine: MappingEngine, dir: string): Promise<FixtureReport> {
  const report: FixtureReport = { passed: [], failed: [] };
  for (const folder of findFixtureFolders(dir)) {
    const mapping = relative(dir, folder)
      .split(sep)
      .join('/')
      .replace(/\.fixtures$/, '');
    const inputs = readdirSync(folder)
      .filter((name) => name.endsWith('.input.json'))
      .sort();
    for (const input of inputs) {
      const name = input.slice(0, -'.input.json'.length);
      const diff = await runCase(engine, mapping, join(folder, name));
      if (diff === undefined) report.passed.push({ mapping, case: name });
      else report.failed.push({ mapping, case: name, diff });
    }
  }
  return report;
}

function findFixtureFolders(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.name.endsWith('.fixtures')) found.push(full);
    else found.push(...findFixtureFolders(full));
  }
  return found.sort();
}

/** Returns undefined when the case passes, else the explanation. */
async function runCase(engine: MappingEngine, mapping: string, base: string): Promise<string | undefined> {
  if (!engine.has(mapping)) return `no mapping "${mapping}" is loaded for this fixture folder`;
  let input: unknown;
  let context: MappingContext;
  try {
    input = readJson(`${base}.input.json`);
    const rawContext = existsSync(`${base}.context.json`) ? readJson(`${base}.context.json`) : {};
    const parsed = FixtureContextSchema.safeParse(rawContext);
    if (!parsed.success) return `bad context.json: ${parsed.error.issues.map(issueText).join('; ')}`;
    context = parsed.data;
  } catch (err) {
    return String(err instanceof Error ? err.message : err);
  }
  const outcome = await engine.apply(mapping, input, context);

  if (existsSync(`${base}.expected-error.json`)) {
    const expected = ExpectedErrorSchema.safeParse(readJson(`${base}.expected-error.json`));
    if (!expected.success) return 'expected-error.json must be a non-empty array of strings';
    if (outcome.ok)
      return `expected the mapping to fail with ${JSON.stringify(expected.data)}, but it succeeded`;
    const text = outcome.errors.join('\n');
    const missing = expected.data.filter((fragment) => !text.includes(fragment));
    if (missing.length === 0) return undefined;
    return [
      `errors do not mention ${JSON.stringify(missing)}; errors were:`,
      ...outcome.errors.map(indent),
    ].join('\n');
  }
  if (!existsSync(`${base}.expected.json`))
    return 'no .expected.json or .expected-error.json beside the input';
  if (!outcome.ok) return ['mapping failed:', ...outcome.errors.map(indent)].join('\n');
  const differences = diffJson(readJson(`${base}.expected.json`), outcome.value);
  return differences.length === 0 ? undefined : differences.join('\n');
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function issueText(issue: z.core.$ZodIssue): string {
  return `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`;
}

function indent(line: string): string {
  return `  ${line}`;
}
