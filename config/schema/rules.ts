import { z } from "zod";
import { ValidationError, integerRangeRule } from "../../modules/private/validation";

/**
 * Building blocks of the config schema. Each rule the constructs also check is a validator of
 * modules/private/validation.ts, called here, so config and constructs give the same message.
 */

/** A validator of modules/private/validation.ts: throws a ValidationError naming the rule. */
export type Validator<T> = (field: string, value: T) => void;

type Path = ReadonlyArray<string | number>;

/**
 * Runs a validator and records its ValidationError as an issue at `path` (other errors propagate).
 * `field` is the name the validator is given; when the error names a field below it (`<field>[1].prefix`),
 * the issue goes to that sub-path.
 */
export function report(ctx: z.RefinementCtx, path: Path, validate: (field: string) => void, field = "", hint?: string): void {
  try {
    validate(field);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    const below = e.field.startsWith(field) ? e.field.slice(field.length) : "";
    const sub = [...below.matchAll(/\[(\d+)\]|\.([^.[]+)/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : m[2]));
    ctx.addIssue({ code: "custom", path: [...path, ...sub], message: e.rule, input: e.value, params: hint === undefined ? undefined : { hint } });
  }
}

/** Whether a validator accepts `value`. */
export function passes(validate: Validator<string>, value: string): boolean {
  try {
    validate("", value);
    return true;
  } catch (e) {
    if (e instanceof ValidationError) return false;
    throw e;
  }
}

/** Records one violated rule at `path`. */
export function fail(ctx: z.RefinementCtx, path: Path, input: unknown, message: string): void {
  ctx.addIssue({ code: "custom", path: [...path], message, input });
}

/** The rule a validator states, read from the error it raises for a value no rule accepts (a NUL character). */
export function ruleOf(validate: Validator<string>): string {
  try {
    validate("", "\u0000");
  } catch (e) {
    if (e instanceof ValidationError) return e.rule;
  }
  throw new Error(`${validate.name} accepts a NUL character: it states no rule`);
}

/** A string checked by a shared validator; the description, with the validator's rule, goes into the docs and JSON Schema. */
export function checkedString(validate: Validator<string>, description: string): z.ZodString {
  const rule = ruleOf(validate).replace(/^must be /, "");
  return z
    .string()
    .check(z.superRefine((value: string, ctx) => report(ctx, [], (field) => validate(field, value))))
    .describe(`${description}${description === "" ? "" : " "}Rule: ${rule}.`) as z.ZodString;
}

/** An integer in [min, max], with the constructs' message. */
export function integer(min: number, max: number): z.ZodNumber {
  const error = integerRangeRule(min, max);
  // The message is validateIntegerRange's; int/min/max also put the range into the JSON Schema.
  return z.number().int({ error }).min(min, { error }).max(max, { error });
}

/** A boolean flag. */
export function flag(defaultValue: boolean, description: string) {
  return z.boolean().default(defaultValue).describe(description);
}

/** `0` (off) or an integer in [min, max]. */
export function zeroOr(min: number, max: number): z.ZodNumber {
  const error = `must be 0 or ${integerRangeRule(min, max).replace(/^must be /, "")}`;
  return z
    .number()
    .int({ error })
    .refine((v) => v === 0 || (v >= min && v <= max), { error });
}
