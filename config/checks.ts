import { ValidationError, validateRoleName } from "../modules/private/validation";

/** Shape checks shared by the config sections; each throws a ValidationError naming field, value and rule. */

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function expectType(field: string, value: unknown, type: "string" | "number" | "boolean"): void {
  if (typeof value !== type) throw new ValidationError(field, value, `must be a ${type}`);
}

export function oneOf(field: string, value: unknown, allowed: readonly string[]): void {
  if (!allowed.includes(value as string)) throw new ValidationError(field, value, `must be one of ${allowed.join(", ")}`);
}

/** A role name from config, and the same name once `<prefix>-` is put in front of it. */
export function validatePrefixedRoleName(field: string, value: unknown, prefix: string): void {
  expectType(field, value, "string");
  validateRoleName(field, value as string);
  validateRoleName(`${field} (prefixed)`, `${prefix}-${value as string}`);
}
