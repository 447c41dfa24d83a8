import type { ConfigIssue } from './config-validation.error';

const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces `${VAR}` in every string value (not keys) of a parsed YAML tree with the variable's value.
 * `$${` is an escaped literal `${`. Unset or malformed references become issues at their key path, and
 * the string is kept as written so validation can continue and report the other keys too.
 */
export function substituteEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  issues: ConfigIssue[],
  path: readonly string[] = [],
): unknown {
  if (typeof value === 'string') return substituteString(value, env, issues, path.join('.'));
  if (Array.isArray(value))
    return value.map((item, index) => substituteEnv(item, env, issues, [...path, `${index}`]));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value))
      out[key] = substituteEnv(child, env, issues, [...path, key]);
    return out;
  }
  return value;
}

function substituteString(text: string, env: NodeJS.ProcessEnv, issues: ConfigIssue[], path: string): string {
  return text.replace(REFERENCE, (match, name: string | undefined) => {
    if (match === '$${') return '${';
    const variable = (name ?? '').trim();
    if (!VARIABLE_NAME.test(variable)) {
      issues.push({
        path,
        message: `invalid environment reference "${match}" (use \${NAME}, or $\${ for a literal)`,
      });
      return match;
    }
    const resolved = env[variable];
    if (resolved === undefined) {
      issues.push({ path, message: `environment variable ${variable} is not set` });
      return match;
    }
    return resolved;
  });
}
