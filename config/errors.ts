import type { z } from "zod";

/** Longest value shown in a message; longer ones are cut (a 1 MiB value must not flood the terminal). */
export const MAX_SHOWN_VALUE = 80;

/** One broken rule: the config field, its value and what is required. */
export interface ConfigProblem {
  /** `config.a.b[0].c`. */
  readonly field: string;
  /** True when the field is absent (there is no value to show). */
  readonly missing: boolean;
  readonly value?: unknown;
  readonly rule: string;
  /** What to do, when the rule alone does not say it. */
  readonly hint?: string;
}

/** The config is invalid: every problem found, not just the first. */
export class ConfigError extends Error {
  constructor(
    public readonly problems: readonly ConfigProblem[],
    /** The config file, if any. */
    public readonly file?: string,
  ) {
    super(formatProblems(problems, file));
    this.name = "ConfigError";
  }
}

/** A config path as a user writes it: `config.dataAccount.region`, `config.tags["aws:x"]`, `config.streamNames[0]`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === "number") return `${out}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_$][\w$]*$/.test(name) ? `${out}.${name}` : `${out}[${JSON.stringify(name)}]`;
  }, "config");
}

/** A value as JSON, cut to {@link MAX_SHOWN_VALUE} characters. */
export function showValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Too deep to print (a list nested 100000 times overflows the stack).
    text = Array.isArray(value) ? "[...]" : typeof value === "object" ? "{...}" : typeof value;
  }
  return text.length > MAX_SHOWN_VALUE ? `${text.slice(0, MAX_SHOWN_VALUE - 3)}...` : text;
}

/** One line per problem (`<field> <value> is invalid: <rule>`), with its hint below. */
export function formatProblem(problem: ConfigProblem): string {
  const head = problem.missing ? `${problem.field} is missing: ${problem.rule}` : `${problem.field} ${showValue(problem.value)} is invalid: ${problem.rule}`;
  return problem.hint === undefined ? head : `${head}\n    hint: ${problem.hint}`;
}

export function formatProblems(problems: readonly ConfigProblem[], file?: string): string {
  const source = file === undefined ? "the built-in defaults" : file;
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return [`Invalid configuration (${source}): ${count}`, ...problems.map((p) => `  ${formatProblem(p)}`), "See docs/configuration.md for every field."].join("\n");
}

const TYPE_NAMES: Record<string, string> = {
  object: "an object",
  record: "an object",
  array: "a list",
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "a boolean (true or false)",
};

function received(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * The rule a zod issue reports, in the words of the rest of the app ("must be a string"). Rules
 * written in the schema (and in modules/private/validation.ts) come through as they are.
 */
export function ruleOf(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type": {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return issue.input === undefined ? `must be set (${expected})` : `must be ${expected}, not ${received(issue.input)}`;
    }
    case "invalid_value":
      return issue.values.length === 1 ? `must be ${JSON.stringify(issue.values[0])}` : `must be one of ${issue.values.join(", ")}`;
    case "too_small":
      return issue.origin === "array" ? `must hold at least ${issue.minimum} items` : `must be at least ${issue.minimum}${issue.origin === "string" ? " characters long" : ""}`;
    case "too_big":
      return issue.origin === "array" ? `must hold at most ${issue.maximum} items` : `must be at most ${issue.maximum}${issue.origin === "string" ? " characters long" : ""}`;
    default:
      return undefined;
  }
}

/** Edit distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** A hint for an unknown key: the known key it was probably meant to be. */
export function unknownKeyHint(key: string, known: readonly string[]): string | undefined {
  if (key.includes(".") && known.includes(key.split(".")[0])) {
    const [head, ...rest] = key.split(".");
    return `nest the field instead of using a dotted key: {"${head}": {"${rest.join(".")}": ...}}`;
  }
  const close = known
    .map((k) => ({ k, d: k.toLowerCase() === key.toLowerCase() ? 0 : distance(k, key) }))
    .filter(({ d }) => d <= Math.max(1, Math.floor(key.length / 4)))
    .sort((a, b) => a.d - b.d);
  if (close.length > 0) return `did you mean ${close[0].k}?`;
  return known.length > 0 ? `known fields here: ${known.join(", ")}` : undefined;
}

/**
 * What the app prints when it cannot synthesize: one block, no stack trace (unless `debug`). Config
 * problems list every field; a construct's ValidationError and cdktf's validation failures (thrown by
 * `app.synth()`, one line per failing construct) come through as their messages.
 */
export function failureReport(error: unknown, file: string | undefined, debug: boolean): string {
  const source = file === undefined ? "the built-in defaults" : file;
  const e = error instanceof Error ? error : new Error(String(error));
  let text: string;
  if (e instanceof ConfigError) text = e.message;
  else if (e.name === "ValidationError") text = `Invalid configuration (${source}): a construct refused a value\n  ${e.message}`;
  else if (/^(App-level )?[Vv]alidation failed with the following errors:/.test(e.message)) {
    // cdktf's advice to pass skipValidation is for the app's authors, not its users.
    const lines = e.message.split("\n").slice(1).map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("If you wish to ignore"));
    text = `Synthesis failed validation (${source}):\n  ${lines.join("\n  ")}`;
  } else text = `Synthesis failed (${source}): ${e.message}`;
  const trace = debug ? `\n${e.stack ?? ""}` : "\nSet DATA_ACCESS_DEBUG=1 to see the stack trace.";
  return `${text}${e instanceof ConfigError ? "" : trace}\n`;
}
