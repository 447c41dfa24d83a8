import { z } from 'zod';
import { ConfigValidationError, joinPath, type ConfigIssue } from './config-validation.error';
import { deepFreeze } from './deep-freeze';
import { defaultMappingsDir } from './package-root';

/** Which parts of poshub one process runs. */
export const ROLES = ['all', 'api', 'worker', 'scheduler'] as const;
export type Role = (typeof ROLES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** SQLite (`./data/poshub.db`, `sqlite:…`, `file:…`, `:memory:`) or a postgres:// / postgresql:// URL. */
export const DatabaseUrlSchema = z
  .string()
  .min(1)
  .refine(
    (value) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^(postgres(ql)?|sqlite|file):\/\//i.test(value),
    {
      message: 'expected a SQLite file path or a postgres:// / postgresql:// URL',
    },
  )
  .default('./data/poshub.db');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const EnvObjectSchema = z.object({
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'expected a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  DATABASE_URL: DatabaseUrlSchema,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000), // 0 = any free port
  /** `worker` and `scheduler` processes serve /metrics on this port when it is set (api ones use PORT). */
  POSHUB_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  POSHUB_ROLE: z.enum(ROLES).default('all'),
  POSHUB_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Read-only token (role `viewer`: GET/HEAD only). Optional; must differ from the admin token. */
  POSHUB_VIEWER_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  POSHUB_SECRET_KEY: z.string({ error: 'is required' }).min(16, 'must be at least 16 characters'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  POSHUB_CONFIG: z.string().min(1).default('./poshub.yaml'),
  POSHUB_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'only letters, digits, _ and - are allowed')
    .default('poshub'),
  POSHUB_MAPPINGS_DIR: z.string().min(1).optional(),
  POSHUB_WORKER_CONCURRENCY: positiveInt(8),
  POSHUB_LOCK_DURATION_MS: positiveInt(30_000),
  POSHUB_RELAY_INTERVAL_MS: positiveInt(60_000),
});

/** zod schema of the process environment; `loadEnv` is the only intended caller. */
export const EnvSchema = EnvObjectSchema.superRefine((env, ctx) => {
  const problem = adminTokenProblem(env.POSHUB_ROLE, env.POSHUB_ADMIN_TOKEN);
  if (problem) ctx.addIssue({ code: 'custom', path: ['POSHUB_ADMIN_TOKEN'], message: problem });
  if (
    env.POSHUB_METRICS_PORT !== undefined &&
    env.POSHUB_ADMIN_TOKEN === undefined &&
    env.POSHUB_VIEWER_TOKEN === undefined
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['POSHUB_METRICS_PORT'],
      message: 'needs POSHUB_VIEWER_TOKEN or POSHUB_ADMIN_TOKEN, which /metrics is served behind',
    });
  }
  if (env.POSHUB_VIEWER_TOKEN !== undefined && env.POSHUB_VIEWER_TOKEN === env.POSHUB_ADMIN_TOKEN) {
    ctx.addIssue({
      code: 'custom',
      path: ['POSHUB_VIEWER_TOKEN'],
      message: 'must differ from POSHUB_ADMIN_TOKEN',
    });
  }
}).transform((env) => ({
  ...env,
  POSHUB_MAPPINGS_DIR: env.POSHUB_MAPPINGS_DIR ?? defaultMappingsDir(),
}));

function adminTokenProblem(role: string | undefined, token: string | undefined): string | undefined {
  const effective = role ?? 'all';
  return (effective === 'all' || effective === 'api') && token === undefined
    ? `is required when POSHUB_ROLE is ${effective}`
    : undefined;
}

/** The validated, frozen environment. */
export type Env = Readonly<z.output<typeof EnvSchema>>;

/**
 * Parses the environment once. Empty variables count as unset (a blank `PORT=` in a .env file means
 * "use the default", not "port NaN"). Throws ConfigValidationError naming every bad variable.
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const known = Object.keys(EnvObjectSchema.shape);
  const picked: Record<string, string> = {};
  for (const key of known) {
    const value = source[key];
    if (value !== undefined && value.trim() !== '') picked[key] = value;
  }
  const result = EnvSchema.safeParse(picked);
  if (!result.success) {
    const issues: ConfigIssue[] = result.error.issues.map((issue) => ({
      path: joinPath(issue.path),
      message: issue.message,
    }));
    // zod skips refinements once a field failed; the role rule is re-checked so it is listed too.
    const tokenProblem = adminTokenProblem(picked.POSHUB_ROLE, picked.POSHUB_ADMIN_TOKEN);
    if (tokenProblem && !issues.some((issue) => issue.path === 'POSHUB_ADMIN_TOKEN')) {
      issues.push({ path: 'POSHUB_ADMIN_TOKEN', message: tokenProblem });
    }
    throw new ConfigValidationError('environment', issues);
  }
  return deepFreeze(result.data);
}
