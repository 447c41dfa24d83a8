import { registerConnector } from './connector-new.register';

const entry = { identifier: 'acme', importPath: './acme/acme.connector' };

describe('registerConnector', () => {
  it('adds one import and one line to a one-per-line array', () => {
    const source = [
      "import { a } from './a';",
      '',
      'export const CONNECTORS: readonly X[] = [',
      '  a,',
      '];',
      '',
    ].join('\n');
    expect(registerConnector(source, entry)).toBe(
      [
        "import { a } from './a';",
        "import { acme } from './acme/acme.connector';",
        '',
        'export const CONNECTORS: readonly X[] = [',
        '  a,',
        '  acme,',
        '];',
        '',
      ].join('\n'),
    );
  });

  it('keeps a short single-line array on one line and lays out a long one per entry', () => {
    const short = "import { a } from './a';\nexport const CONNECTORS: readonly X[] = [a, b];\n";
    expect(registerConnector(short, entry)).toContain('= [a, b, acme];');
    const long = `import { a } from './a';\nexport const CONNECTORS: readonly X[] = [${'a'.repeat(100)}];\n`;
    expect(registerConnector(long, entry)).toContain('= [\n  ' + 'a'.repeat(100) + ',\n  acme,\n];');
  });

  it('refuses a file without the expected shape or with the connector already imported', () => {
    expect(() => registerConnector('export const OTHER = [];', entry)).toThrow(/import/);
    expect(() =>
      registerConnector(
        "import { acme } from './acme/acme.connector';\nexport const CONNECTORS = [acme];",
        entry,
      ),
    ).toThrow(/already/);
  });
});
