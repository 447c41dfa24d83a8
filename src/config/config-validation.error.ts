/** One bad key: where it is and what is wrong with it. */
export interface ConfigIssue {
  /** Dotted path of the key (`connections.pos.config.apiKey`, `routes.0.id`) or an env variable name. */
  readonly path: string;
  readonly message: string;
}

/**
 * Thrown when the environment or poshub.yaml is invalid. It lists every bad key at once so an operator
 * fixes the whole file in one pass instead of one restart per typo.
 */
export class ConfigValidationError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(
    /** What was validated, e.g. `poshub.yaml` or `environment`; named in the header line. */
    readonly source: string,
    issues: readonly ConfigIssue[],
  ) {
    super(formatConfigIssues(source, issues));
    this.name = 'ConfigValidationError';
    this.issues = Object.freeze([...issues]);
  }
}

/** Renders the header line plus one `  - path: message` line per issue. */
export function formatConfigIssues(source: string, issues: readonly ConfigIssue[]): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const lines = issues.map((issue) => `  - ${issue.path || '(root)'}: ${issue.message}`);
  return [`invalid configuration in ${source} (${count}):`, ...lines].join('\n');
}

/** Joins a zod / YAML path into the dotted form used in every message. */
export function joinPath(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment)).join('.');
}
