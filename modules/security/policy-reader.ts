import { BlockKind, StackIndex, TerraformBlock, parseReference } from "./stack-index";

/** A principal block of a statement: `type` is `*`, `AWS`, `Service`, `Federated` or `CanonicalUser`. */
export interface PrincipalView {
  readonly type: string;
  readonly identifiers: readonly string[];
}

/** One condition of a statement. */
export interface ConditionView {
  /** The operator, e.g. `StringEquals`. */
  readonly test: string;
  /** The context key, e.g. `sts:ExternalId`. */
  readonly variable: string;
  readonly values: readonly string[];
}

/**
 * A policy statement read from an `aws_iam_policy_document` block or a JSON policy string, in one shape
 * for both, so rules need not care where a statement came from.
 */
export interface StatementView {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly principals: readonly PrincipalView[];
  readonly notPrincipals: readonly PrincipalView[];
  readonly conditions: readonly ConditionView[];
}

/** The statements read from a policy value, and the parts that cannot be read before apply. */
export interface PolicyRead {
  readonly statements: readonly StatementView[];
  /** Values that are not readable at synth time (other data sources' output, variables, functions). */
  readonly unresolved: readonly string[];
}

const EMPTY: PolicyRead = Object.freeze({ statements: Object.freeze([]), unresolved: Object.freeze([]) });

/** Resource attributes that hold a policy JSON document. */
export const POLICY_ATTRIBUTES = ["policy", "assume_role_policy", "access_policies"] as const;

function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === "string") return [value];
  if (typeof value === "boolean" || typeof value === "number") return [String(value)];
  return [];
}

/** Nested blocks synthesize as an object or a list of objects depending on the schema; read both as a list. */
export function blockList(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter((v): v is Record<string, unknown> => v !== null && typeof v === "object");
  if (value !== null && typeof value === "object") return [value as Record<string, unknown>];
  return [];
}

function effectOf(value: unknown): "Allow" | "Deny" {
  return typeof value === "string" && value.toLowerCase() === "deny" ? "Deny" : "Allow";
}

/** Statements of an `aws_iam_policy_document` `statement` list (snake_case, as synthesized). */
function readDocumentStatements(statements: unknown): StatementView[] {
  return blockList(statements).map((s) => ({
    sid: typeof s.sid === "string" ? s.sid : undefined,
    effect: effectOf(s.effect),
    actions: strings(s.actions),
    notActions: strings(s.not_actions),
    resources: strings(s.resources),
    notResources: strings(s.not_resources),
    principals: blockList(s.principals).map((p) => ({ type: String(p.type), identifiers: strings(p.identifiers) })),
    notPrincipals: blockList(s.not_principals).map((p) => ({ type: String(p.type), identifiers: strings(p.identifiers) })),
    conditions: blockList(s.condition).map((c) => ({ test: String(c.test), variable: String(c.variable), values: strings(c.values) })),
  }));
}

function readJsonPrincipal(value: unknown): PrincipalView[] {
  if (value === undefined) return [];
  if (value === "*") return [{ type: "*", identifiers: ["*"] }];
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).map(([type, ids]) => ({ type, identifiers: strings(ids) }));
  }
  return [{ type: "AWS", identifiers: strings(value) }];
}

function readJsonConditions(value: unknown): ConditionView[] {
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([test, keys]) =>
    keys !== null && typeof keys === "object"
      ? Object.entries(keys as Record<string, unknown>).map(([variable, values]) => ({ test, variable, values: strings(values) }))
      : [],
  );
}

/** Statements of a policy JSON string; undefined when the string is not a JSON policy document. */
export function parsePolicyJson(json: string): StatementView[] | undefined {
  const text = json.trim();
  if (!text.startsWith("{")) return undefined;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (document === null || typeof document !== "object") return undefined;
  const statement = (document as Record<string, unknown>).Statement;
  if (statement === undefined) return undefined;
  return blockList(statement).map((s) => ({
    sid: typeof s.Sid === "string" ? s.Sid : undefined,
    effect: effectOf(s.Effect),
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    resources: strings(s.Resource),
    notResources: strings(s.NotResource),
    principals: readJsonPrincipal(s.Principal),
    notPrincipals: readJsonPrincipal(s.NotPrincipal),
    conditions: readJsonConditions(s.Condition),
  }));
}

function combine(reads: PolicyRead[]): PolicyRead {
  if (reads.length === 1) return reads[0];
  return { statements: reads.flatMap((r) => r.statements), unresolved: reads.flatMap((r) => r.unresolved) };
}

const definedCache = new WeakMap<TerraformBlock, PolicyRead>();

/**
 * The statements a block itself defines: an `aws_iam_policy_document`'s own statements plus literal JSON
 * in its source/override documents; a resource's literal JSON policy attributes (`policy`,
 * `assume_role_policy`, `access_policies`, `inline_policy[].policy`). References to other documents are
 * not followed: those documents are checked as blocks of their own, so nothing is reported twice.
 */
export function statementsDefinedIn(block: TerraformBlock): PolicyRead {
  const cached = definedCache.get(block);
  if (cached) return cached;
  const reads: PolicyRead[] = [];
  const readLiteral = (value: unknown): void => {
    if (typeof value !== "string" || parseReference(value)) return;
    const statements = parsePolicyJson(value);
    reads.push(statements ? { statements, unresolved: [] } : { statements: [], unresolved: [value] });
  };
  if (block.kind === BlockKind.DATA && block.type === "aws_iam_policy_document") {
    reads.push({ statements: readDocumentStatements(block.config.statement), unresolved: [] });
    for (const source of [...strings(block.config.source_policy_documents), ...strings(block.config.override_policy_documents)]) {
      readLiteral(source);
    }
  } else if (block.kind === BlockKind.RESOURCE) {
    for (const attribute of POLICY_ATTRIBUTES) readLiteral(block.config[attribute]);
    for (const inline of blockList(block.config.inline_policy)) readLiteral(inline.policy);
  }
  const read = reads.length > 0 ? combine(reads) : EMPTY;
  definedCache.set(block, read);
  return read;
}

/**
 * Every statement a policy value (a resource's `policy`, a role's `assume_role_policy`) will contain,
 * following references to `aws_iam_policy_document` blocks and their source/override documents.
 * What cannot be read at synth time (e.g. `${data.databricks_aws_bucket_policy.x.json}`) is listed in
 * `unresolved`, so a rule can tell "absent" from "unknown".
 */
export function readPolicy(value: unknown, stack: StackIndex, seen: Set<string> = new Set()): PolicyRead {
  if (value === undefined || value === null) return EMPTY;
  if (typeof value !== "string") return { statements: [], unresolved: [JSON.stringify(value)] };
  const ref = parseReference(value);
  if (!ref) {
    const statements = parsePolicyJson(value);
    return statements ? { statements, unresolved: [] } : { statements: [], unresolved: [value] };
  }
  const target = stack.referencedBlock(value);
  if (!target || target.type !== "aws_iam_policy_document" || target.kind !== BlockKind.DATA || !["json", "minified_json"].includes(ref.attribute)) {
    return { statements: [], unresolved: [value] };
  }
  if (seen.has(target.address)) return EMPTY;
  seen.add(target.address);
  const sources = [...strings(target.config.source_policy_documents), ...strings(target.config.override_policy_documents)];
  return combine([
    { statements: readDocumentStatements(target.config.statement), unresolved: [] },
    ...sources.map((source) => readPolicy(source, stack, seen)),
  ]);
}

const patternCache = new Map<string, RegExp>();

/** True when an IAM action pattern (`iam:Pass*`, `*`) matches an action; IAM compares case-insensitively. */
export function actionMatches(pattern: string, action: string): boolean {
  let regex = patternCache.get(pattern);
  if (!regex) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    regex = new RegExp(`^${source}$`, "i");
    patternCache.set(pattern, regex);
  }
  return regex.test(action);
}

/** True when the statement grants (or, for Deny, refuses) `action`, through `actions` or `not_actions`. */
export function statementCoversAction(statement: StatementView, action: string): boolean {
  if (statement.actions.length > 0) return statement.actions.some((a) => actionMatches(a, action));
  if (statement.notActions.length > 0) return !statement.notActions.some((a) => actionMatches(a, action));
  return false;
}

/** True for `Principal: "*"` and `Principal: {"AWS": "*"}` (and the policy-document equivalents). */
export function isAnyPrincipal(principal: PrincipalView): boolean {
  return (principal.type === "*" || principal.type === "AWS") && principal.identifiers.includes("*");
}
