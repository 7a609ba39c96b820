import { readFileSync } from "fs";
import type { z } from "zod";
import { ConfigError, ConfigProblem, formatPath, ruleOf, unknownKeyHint } from "./errors";
import { AppConfig, appConfigSchema } from "./schema/index";

export type {
  AppConfig,
  BackendConfig,
  CredentialPassthroughConfig,
  CrossAccountConfig,
  CrossAccountKinesisConfig,
  CrossAccountS3Config,
  DataAccountConfig,
  DatabricksAuthConfig,
  KinesisConsumersConfig,
  KinesisStreamSettings,
  PassthroughDatasetConfig,
  UnityCatalogConfig,
  UnityCatalogLocationConfig,
} from "./schema/index";
export { ConfigError } from "./errors";

/** The keys a config object at `path` may have (for "did you mean" hints), read from the schema. */
function knownKeys(path: ReadonlyArray<PropertyKey>, input: unknown): string[] {
  let schema: any = appConfigSchema;
  let value: any = input;
  for (let i = 0; ; ) {
    const def = schema?._zod?.def;
    if (def === undefined) return [];
    if (["default", "prefault", "optional", "nullable", "readonly"].includes(def.type)) schema = def.innerType;
    else if (def.type === "pipe") schema = def.in;
    else if (def.type === "union") {
      const match = def.options.find((o: any) => o._zod.def.shape?.type?._zod.def.values?.includes(value?.type));
      if (match === undefined) return [...new Set<string>(def.options.flatMap((o: any) => Object.keys(o._zod.def.shape ?? {})))];
      schema = match;
    } else if (i === path.length) return def.type === "object" ? Object.keys(def.shape) : [];
    else if (def.type === "object") schema = def.shape[path[i]];
    else if (def.type === "array") schema = def.element;
    else return [];
    if (["object", "array"].includes(def.type) && i < path.length) value = value?.[path[i++] as any];
  }
}

/** Each zod issue as one problem per field; unknown keys one each, with a hint. */
function problemsOf(issues: readonly z.core.$ZodIssue[], input: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const at = issue as z.core.$ZodIssue & { input?: unknown };
    if (issue.code === "unrecognized_keys") {
      const known = knownKeys(issue.path, input);
      for (const key of issue.keys) {
        problems.push({
          field: formatPath([...issue.path, key]),
          missing: false,
          value: (at.input as Record<string, unknown>)?.[key],
          rule: "is not a known configuration field",
          hint: unknownKeyHint(key, known),
        });
      }
      continue;
    }
    // A discriminated union reports the whole object at its discriminator's path: show the discriminator.
    const discriminator = issue.code === "invalid_union" ? (issue as { discriminator?: string }).discriminator : undefined;
    const value = discriminator === undefined ? at.input : (at.input as Record<string, unknown> | undefined)?.[discriminator];
    const hint = issue.code === "custom" ? (issue.params?.hint as string | undefined) : undefined;
    problems.push({ field: formatPath(issue.path), missing: value === undefined, value, rule: issue.message, hint });
  }
  // int/min/max of one number may report the same rule twice.
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.field}\0${p.rule}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The config: `input` checked against the schema, with every unset field at its default. Throws a
 * {@link ConfigError} listing every problem.
 */
export function resolveConfig(input: unknown = {}, file?: string): AppConfig {
  const result = appConfigSchema.safeParse(input, { reportInput: true, error: ruleOf });
  if (!result.success) throw new ConfigError(problemsOf(result.error.issues, input), file);
  return deepFreeze(result.data);
}

/**
 * Embedded defaults: the example values of the Databricks and AWS guides, so `cdktf synth` works on a fresh
 * clone.
 */
export const DEFAULT_CONFIG: AppConfig = resolveConfig();

/** Reads an optional JSON config file (see `config/example.config.json`) and resolves it. */
export function loadConfig(file?: string): AppConfig {
  if (file === undefined) return resolveConfig();
  const problem = (rule: string): ConfigError => new ConfigError([{ field: "config file", missing: false, value: file, rule }], file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw problem(`must be a readable file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let parsed: unknown;
  try {
    // Many Windows editors start UTF-8 files with a byte order mark, which JSON.parse refuses.
    parsed = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw problem(`must be valid JSON (${(e as Error).message.replace(/\s+/g, " ").slice(0, 120)})`);
  }
  return resolveConfig(parsed, file);
}
