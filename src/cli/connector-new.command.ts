import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { packageRoot } from '../config/package-root';
import type { CliIo } from './cli-io';
import { CLIENT_TEMPLATE, CONFIG_TEMPLATE, SIMULATOR_TEMPLATE } from './connector-new.client.template';
import {
  SINK_CONNECTOR_TEMPLATE,
  SOURCE_CONNECTOR_TEMPLATE,
  SPEC_TEMPLATE,
} from './connector-new.connector.template';
import { registerConnector } from './connector-new.register';
import {
  README_TEMPLATE,
  SINK_CONFORMANCE_TEMPLATE,
  SINK_FIXTURES,
  SINK_MAPPING_TEMPLATE,
  SOURCE_CONFORMANCE_TEMPLATE,
  SOURCE_FIXTURES,
  SOURCE_MAPPING_TEMPLATE,
} from './connector-new.tests.template';

export type ConnectorKind = 'source' | 'sink';

export interface ConnectorNewArgs {
  readonly id: string;
  readonly kind: ConnectorKind;
  /** Project root to write into; default poshub's package root. */
  readonly dir?: string;
}

/** Connector ids as the registry accepts them, and usable as a TypeScript identifier once camel-cased. */
const ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** The names a template's tokens stand for. */
function namesOf(id: string) {
  const words = id.split('-');
  const pascal = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return {
    __id__: id,
    __Name__: pascal,
    __name__: pascal[0].toLowerCase() + pascal.slice(1),
    __DISPLAY__: words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' '),
  };
}

function render(template: string, tokens: Readonly<Record<string, string>>): string {
  let out = template;
  for (const [token, value] of Object.entries(tokens)) out = out.split(token).join(value);
  return out;
}

/** Every file of the scaffold, by path relative to the project root. */
function scaffoldFiles(id: string, kind: ConnectorKind): Record<string, string> {
  const tokens = {
    ...namesOf(id),
    __KIND__: kind,
    __BEHAVIOUR__: kind === 'source' ? '`read`' : '`write`',
  };
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const fixtures = kind === 'source' ? SOURCE_FIXTURES : SINK_FIXTURES;
  const files: Record<string, string> = {
    [`connectors/${id}/${id}.config.ts`]: CONFIG_TEMPLATE,
    [`connectors/${id}/${id}.client.ts`]: CLIENT_TEMPLATE,
    [`connectors/${id}/${id}.connector.ts`]:
      kind === 'source' ? SOURCE_CONNECTOR_TEMPLATE : SINK_CONNECTOR_TEMPLATE,
    [`connectors/${id}/${id}.connector.spec.ts`]: SPEC_TEMPLATE,
    [`connectors/${id}/simulator/${id}-simulator.ts`]: SIMULATOR_TEMPLATE,
    [`connectors/${id}/README.md`]: README_TEMPLATE,
    [`mappings/${id}/customer.yaml`]: kind === 'source' ? SOURCE_MAPPING_TEMPLATE : SINK_MAPPING_TEMPLATE,
    [`test/conformance/${id}.conformance.test.ts`]:
      kind === 'source' ? SOURCE_CONFORMANCE_TEMPLATE : SINK_CONFORMANCE_TEMPLATE,
  };
  for (const [name, value] of Object.entries(fixtures)) {
    files[`mappings/${id}/customer.fixtures/${name}`] = json(value);
  }
  return Object.fromEntries(Object.entries(files).map(([path, text]) => [path, render(text, tokens)]));
}

/**
 * Lays the files out with the project's prettier settings, so line breaks fit whatever length the
 * id has. Prettier is a dev dependency: where it is missing (an installed image) files stay as
 * the templates wrote them, which is valid code.
 */
async function formatted(files: Record<string, string>, root: string): Promise<Record<string, string>> {
  let prettier: typeof import('prettier');
  try {
    prettier = await import('prettier');
  } catch {
    return files;
  }
  const out: Record<string, string> = {};
  for (const [path, text] of Object.entries(files)) {
    const filepath = join(root, path);
    const info = await prettier.getFileInfo(filepath, { ignorePath: join(root, '.prettierignore') });
    const options = await prettier.resolveConfig(filepath);
    out[path] =
      info.ignored || info.inferredParser === null
        ? text
        : await prettier.format(text, { ...options, filepath });
  }
  return out;
}

/**
 * `poshub connector new <id> --kind source|sink`: writes a connector that passes the conformance
 * suite as generated (config with a secret, client, loopback simulator, README, unit spec), its
 * mapping with a golden fixture and its conformance test, and registers it with one line in
 * connectors/index.ts. Refuses to overwrite anything.
 */
export async function connectorNewCommand(args: ConnectorNewArgs, io: CliIo): Promise<number> {
  if (!ID_PATTERN.test(args.id) || args.id.length > 63) {
    io.err(`connector id "${args.id}" must be kebab-case: lowercase letters and digits, words joined by -`);
    return 2;
  }
  const root = args.dir ?? packageRoot();
  const indexPath = join(root, 'connectors', 'index.ts');
  if (!existsSync(indexPath)) {
    io.err(`${indexPath} not found: run this in a poshub checkout (or pass --dir)`);
    return 1;
  }
  const files = scaffoldFiles(args.id, args.kind);
  const clashes = [join('connectors', args.id), join('mappings', args.id), ...Object.keys(files)].filter(
    (p) => existsSync(join(root, p)),
  );
  if (clashes.length > 0) {
    io.err(`refusing to overwrite: ${[...new Set(clashes)].join(', ')}`);
    return 1;
  }
  const name = namesOf(args.id).__name__;
  let index: string;
  try {
    index = registerConnector(readFileSync(indexPath, 'utf8'), {
      identifier: name,
      importPath: `./${args.id}/${args.id}.connector`,
    });
  } catch (err) {
    io.err(
      `cannot register ${args.id} in connectors/index.ts: ${err instanceof Error ? err.message : String(err)}`,
    );
    return 1;
  }
  for (const [path, text] of Object.entries(await formatted(files, root))) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text, { flag: 'wx' });
    io.out(`created  ${relative(root, target)}`);
  }
  writeFileSync(indexPath, index);
  io.out(`updated  connectors/index.ts (${name} registered)`);
  io.out(`next: npx jest connectors/${args.id} test/conformance/${args.id}.conformance.test.ts`);
  return 0;
}
