/**
 * How the security rules read policies: statements in one shape (`StatementView`) whether they come
 * from an `aws_iam_policy_document` or a JSON string, rendered by the library's one reader of
 * synthesized JSON (modules/private/terraform-json), which merges source, own and override statements
 * by Sid as the AWS provider does.
 */
import {
  PolicyJson,
  StatementJson,
  blockList,
  flatStrings,
  parsePolicyJson as parsePolicyDocument,
  renderPolicyDocument,
} from "../private/terraform-json/policy-document";
import { BlockKind, StackIndex, TerraformBlock, parseReference } from "./stack-index";

/** Nested blocks synthesize as an object or a list of objects depending on the schema; read both as a list. */
export { blockList };

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

function effectOf(value: unknown): "Allow" | "Deny" {
  return typeof value === "string" && value.toLowerCase() === "deny" ? "Deny" : "Allow";
}

function readJsonPrincipal(value: unknown): PrincipalView[] {
  if (value === undefined) return [];
  if (value === "*") return [{ type: "*", identifiers: ["*"] }];
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).map(([type, ids]) => ({ type, identifiers: flatStrings(ids) }));
  }
  return [{ type: "AWS", identifiers: flatStrings(value) }];
}

function readJsonConditions(value: unknown): ConditionView[] {
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([test, keys]) =>
    keys !== null && typeof keys === "object"
      ? Object.entries(keys as Record<string, unknown>).map(([variable, values]) => ({ test, variable, values: flatStrings(values) }))
      : [],
  );
}

/** A statement of IAM policy JSON, as rules read it. */
function viewOf(s: StatementJson): StatementView {
  return {
    sid: typeof s.Sid === "string" ? s.Sid : undefined,
    effect: effectOf(s.Effect),
    actions: flatStrings(s.Action),
    notActions: flatStrings(s.NotAction),
    resources: flatStrings(s.Resource),
    notResources: flatStrings(s.NotResource),
    principals: readJsonPrincipal(s.Principal),
    notPrincipals: readJsonPrincipal(s.NotPrincipal),
    conditions: readJsonConditions(s.Condition),
  };
}

/** Statements of a policy JSON string; undefined when the string is not a JSON policy document. */
export function parsePolicyJson(json: string): StatementView[] | undefined {
  return parsePolicyDocument(json)?.Statement.map(viewOf);
}

/** A document rendered for the aspect: the merged statements, and which of them the block itself wrote. */
interface BlockDocument {
  readonly document: PolicyJson;
  /** Statements written in the block: its own `statement`s and literal JSON of its source/override documents. */
  readonly defined: ReadonlySet<StatementJson>;
  /** Everything not readable, referenced documents' parts included. */
  readonly unresolved: readonly string[];
  /** Literal values of the block itself that are not policy JSON. */
  readonly unreadableLiterals: readonly string[];
}

const documentCache = new WeakMap<TerraformBlock, BlockDocument>();

/**
 * Renders an `aws_iam_policy_document` block as AWS provider 5.100 does (source documents, then its
 * statements, then override documents, same-Sid statements replacing earlier ones; see
 * modules/private/terraform-json/policy-document.ts). References to other documents are followed
 * when `stack` is given, so a statement an override drops is not read.
 */
function renderBlock(block: TerraformBlock, stack: StackIndex | undefined, seen: ReadonlySet<string>): BlockDocument {
  const cached = stack ? documentCache.get(block) : undefined;
  if (cached) return cached;
  const defined = new Set<StatementJson>();
  const unresolved: string[] = [];
  const unreadableLiterals: string[] = [];
  const rendered = renderPolicyDocument(block.config, {
    readDocument: (value) => {
      if (typeof value === "string" && !parseReference(value)) {
        const literal = parsePolicyDocument(value);
        if (!literal) unreadableLiterals.push(value);
        literal?.Statement.forEach((s) => defined.add(s));
        return literal;
      }
      if (!stack) return undefined;
      const read = readDocument(value, stack, new Set(seen).add(block.address));
      unresolved.push(...read.unresolved);
      return read.document;
    },
  });
  rendered.ownStatements.forEach((s) => defined.add(s));
  unresolved.push(...unreadableLiterals, ...rendered.unknownArguments);
  const result = { document: rendered.document, defined, unresolved, unreadableLiterals };
  if (stack) documentCache.set(block, result);
  return result;
}

/** The document a policy value holds: literal JSON, or a referenced `aws_iam_policy_document` rendered. */
function readDocument(value: unknown, stack: StackIndex, seen: ReadonlySet<string>): { document?: PolicyJson; unresolved: string[] } {
  if (value === undefined || value === null) return { document: { Statement: [] }, unresolved: [] };
  if (typeof value !== "string") return { unresolved: [JSON.stringify(value)] };
  const ref = parseReference(value);
  if (!ref) {
    const document = parsePolicyDocument(value);
    return document ? { document, unresolved: [] } : { unresolved: [value] };
  }
  const target = stack.referencedBlock(value);
  if (!target || target.type !== "aws_iam_policy_document" || target.kind !== BlockKind.DATA || !["json", "minified_json"].includes(ref.attribute)) {
    return { unresolved: [value] };
  }
  if (seen.has(target.address)) return { document: { Statement: [] }, unresolved: [] };
  const rendered = renderBlock(target, stack, seen);
  return { document: rendered.document, unresolved: [...rendered.unresolved] };
}

const definedCache = new WeakMap<TerraformBlock, PolicyRead>();

/**
 * The statements a block itself defines and Terraform keeps: an `aws_iam_policy_document`'s own
 * statements plus literal JSON in its source/override documents, minus those a later document
 * replaces by Sid; a resource's literal JSON policy attributes (`policy`, `assume_role_policy`,
 * `access_policies`, `inline_policy[].policy`). Statements of referenced documents are not listed:
 * those documents are checked as blocks of their own, so nothing is reported twice. Give `stack` so
 * referenced override documents can drop statements too.
 */
export function statementsDefinedIn(block: TerraformBlock, stack?: StackIndex): PolicyRead {
  const cached = stack ? definedCache.get(block) : undefined;
  if (cached) return cached;
  let read: PolicyRead = EMPTY;
  if (block.kind === BlockKind.DATA && block.type === "aws_iam_policy_document") {
    const rendered = renderBlock(block, stack, new Set());
    read = { statements: rendered.document.Statement.filter((s) => rendered.defined.has(s)).map(viewOf), unresolved: rendered.unreadableLiterals };
  } else if (block.kind === BlockKind.RESOURCE) {
    const literals = [...POLICY_ATTRIBUTES.map((a) => block.config[a]), ...blockList(block.config.inline_policy).map((p) => p.policy)].filter(
      (v): v is string => typeof v === "string" && !parseReference(v),
    );
    const documents = literals.map((text) => ({ text, document: parsePolicyDocument(text) }));
    read = {
      statements: documents.flatMap((d) => (d.document ? d.document.Statement.map(viewOf) : [])),
      unresolved: documents.filter((d) => !d.document).map((d) => d.text),
    };
  }
  if (stack) definedCache.set(block, read);
  return read;
}

/**
 * Every statement a policy value (a resource's `policy`, a role's `assume_role_policy`) will contain,
 * following references to `aws_iam_policy_document` blocks and merging their source/override
 * documents as the AWS provider does. What cannot be read at synth time (e.g.
 * `${data.databricks_aws_bucket_policy.x.json}`) is listed in `unresolved`, so a rule can tell
 * "absent" from "unknown".
 */
export function readPolicy(value: unknown, stack: StackIndex, seen: Set<string> = new Set()): PolicyRead {
  if (value === undefined || value === null) return EMPTY;
  const read = readDocument(value, stack, seen);
  return { statements: read.document?.Statement.map(viewOf) ?? [], unresolved: read.unresolved };
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
