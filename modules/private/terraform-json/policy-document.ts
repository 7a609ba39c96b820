/**
 * Renders an `aws_iam_policy_document` data source to IAM policy JSON the way AWS provider 5.100
 * does, so everything that reads synthesized policies (the security aspect, the IAM proofs, the
 * consumer check) sees the statements Terraform will send to AWS.
 *
 * The merge, from `dataSourcePolicyDocumentRead` in
 * hashicorp/terraform-provider-aws internal/service/iam/policy_document_data_source.go and
 * `IAMPolicyDoc.Merge` in internal/service/iam/policy_model.go:
 * 1. `source_policy_documents`, in order; a Sid repeated across them is an error;
 * 2. the block's own `statement`s; a Sid repeated among them is an error;
 * 3. `override_policy_documents`, in order.
 * Each step merges statement by statement: a statement whose Sid is already present replaces that
 * statement in place, a statement without a Sid (or with a new one) is appended. So a source
 * statement is dropped when the block or an override has its Sid, and an own statement when an
 * override has it. `&{var}` becomes `${var}` in resources, principals and condition values.
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/data-sources/iam_policy_document
 */

/** An IAM policy statement as JSON. */
export interface StatementJson {
  Sid?: string;
  Effect: "Allow" | "Deny" | string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: "*" | Record<string, string | string[]>;
  NotPrincipal?: "*" | Record<string, string | string[]>;
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** An IAM policy document as JSON. */
export interface PolicyJson {
  Version?: string;
  Id?: string;
  Statement: StatementJson[];
}

/** The `version` argument's default. */
export const DEFAULT_POLICY_VERSION = "2012-10-17";

/** How {@link renderPolicyDocument} reads the parts of a block that may hold references. */
export interface PolicyDocumentReader {
  /**
   * One entry of `source_policy_documents` / `override_policy_documents` (a JSON string or a
   * reference), as a document; undefined when it is not known before apply (the caller records why).
   */
  readonly readDocument: (value: unknown, field: string) => PolicyJson | undefined;
  /**
   * A string argument (`sid`, `effect`, `type`, `test`, `variable`, `policy_id`).
   * @default the value as it is
   */
  readonly resolveString?: (value: string) => string;
  /**
   * A list argument (`actions`, `resources`, `identifiers`, `values`...) as strings.
   * @default the list's strings as they are
   */
  readonly resolveList?: (value: unknown) => string[];
  /**
   * A principal identifier after `&{}` replacement, e.g. to stand in for one that is unknown.
   * @default the identifier as it is
   */
  readonly principalIdentifier?: (type: string, identifier: string) => string;
}

/** A rendered document and what the provider would have said about it. */
export interface RenderedPolicyDocument {
  readonly document: PolicyJson;
  /** The block's own statements as rendered, before merging (those still in `document` survived). */
  readonly ownStatements: readonly StatementJson[];
  /** What the provider rejects at plan (duplicate Sids); the document is rendered anyway. */
  readonly errors: readonly string[];
  /** Arguments that are a single token for a whole list (`statement = "${...}"`): not rendered. */
  readonly unknownArguments: readonly string[];
}

/** The statements of a parsed policy (`Statement` may be one object or a list). */
export function statementList(document: unknown): StatementJson[] {
  if (document === null || typeof document !== "object") return [];
  const statement = (document as Record<string, unknown>).Statement;
  const list = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
  return list.filter((s): s is StatementJson => s !== null && typeof s === "object" && !Array.isArray(s));
}

/** A policy JSON string as a document; undefined when it is not JSON with a `Statement`. */
export function parsePolicyJson(text: string): PolicyJson | undefined {
  if (!text.trim().startsWith("{")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== "object" || (parsed as Record<string, unknown>).Statement === undefined) return undefined;
  const { Version, Id } = parsed as Record<string, unknown>;
  return {
    ...(typeof Version === "string" ? { Version } : {}),
    ...(typeof Id === "string" ? { Id } : {}),
    Statement: statementList(parsed),
  };
}

/** The provider's `IAMPolicyDoc.Merge`: adopt the Id, keep the higher Version, replace same-Sid statements in place, append the rest. */
export function mergePolicyDocument(into: PolicyJson, next: PolicyJson): void {
  if (next.Id) into.Id = next.Id;
  if (next.Version && (into.Version === undefined || next.Version > into.Version)) into.Version = next.Version;
  for (const statement of next.Statement) {
    const existing = statement.Sid ? into.Statement.findIndex((s) => s.Sid === statement.Sid) : -1;
    if (existing >= 0) into.Statement[existing] = statement;
    else into.Statement.push(statement);
  }
}

/** Nested blocks synthesize as an object or a list of objects depending on the schema; read both as a list. */
export function blockList(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter((v): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v));
  if (value !== null && typeof value === "object") return [value as Record<string, unknown>];
  return [];
}

/** The strings of a value: a string, a number or boolean as text, or a (nested) list of them. */
export function flatStrings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(flatStrings);
  if (typeof value === "string") return [value];
  if (typeof value === "boolean" || typeof value === "number") return [String(value)];
  return [];
}

/** The provider's `&{` -> `${` replacement (policy variables written so Terraform leaves them alone). */
function policyVariables(value: string): string {
  return value.split("&{").join("${");
}

/**
 * Renders the configuration of an `aws_iam_policy_document` (snake_case, as synthesized) to the
 * document the provider computes.
 */
export function renderPolicyDocument(config: Readonly<Record<string, unknown>>, reader: PolicyDocumentReader): RenderedPolicyDocument {
  const resolveString = reader.resolveString ?? ((value: string) => value);
  const resolveList = reader.resolveList ?? flatStrings;
  const errors: string[] = [];
  const unknownArguments: string[] = [];
  const listArgument = (name: string): unknown[] => {
    const value = config[name];
    if (typeof value === "string") {
      unknownArguments.push(`${name} = ${value}`);
      return [];
    }
    return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  };
  const merged: PolicyJson = { Statement: [] };

  // 1. Source documents; their Sids must be unique across all of them.
  const sourceSids = new Set<string>();
  listArgument("source_policy_documents").forEach((value, i) => {
    if (value === null || value === undefined) return;
    const document = reader.readDocument(value, `source_policy_documents[${i}]`);
    if (!document) return;
    for (const statement of document.Statement) {
      if (!statement.Sid) continue;
      if (sourceSids.has(statement.Sid)) errors.push(`duplicate Sid (${statement.Sid}) in source_policy_documents (document ${i})`);
      sourceSids.add(statement.Sid);
    }
    mergePolicyDocument(merged, document);
  });

  // 2. The block's own statements; their Sids must be unique among them.
  const ownSids = new Set<string>();
  if (typeof config.statement === "string") unknownArguments.push(`statement = ${config.statement}`);
  const ownStatements = blockList(config.statement).map((block) => {
    const statement = renderStatement(block, resolveString, resolveList, reader.principalIdentifier);
    if (statement.Sid) {
      if (ownSids.has(statement.Sid)) errors.push(`duplicate Sid (${statement.Sid})`);
      ownSids.add(statement.Sid);
    }
    return statement;
  });
  const policyId = typeof config.policy_id === "string" ? resolveString(config.policy_id) : undefined;
  const version = typeof config.version === "string" ? config.version : DEFAULT_POLICY_VERSION;
  mergePolicyDocument(merged, { Version: version, ...(policyId ? { Id: policyId } : {}), Statement: ownStatements });

  // 3. Override documents, in order.
  listArgument("override_policy_documents").forEach((value, i) => {
    if (value === null || value === undefined) return;
    const document = reader.readDocument(value, `override_policy_documents[${i}]`);
    if (document) mergePolicyDocument(merged, document);
  });

  const document: PolicyJson = { Version: merged.Version ?? version, ...(merged.Id ? { Id: merged.Id } : {}), Statement: merged.Statement };
  return { document, ownStatements, errors, unknownArguments };
}

function renderStatement(
  block: Record<string, unknown>,
  resolveString: (value: string) => string,
  resolveList: (value: unknown) => string[],
  principalIdentifier: ((type: string, identifier: string) => string) | undefined,
): StatementJson {
  const statement: StatementJson = { Effect: typeof block.effect === "string" ? resolveString(block.effect) : "Allow" };
  if (typeof block.sid === "string" && block.sid !== "") statement.Sid = resolveString(block.sid);
  const set = (key: "Action" | "NotAction" | "Resource" | "NotResource", list: string[]) => {
    if (list.length > 0) statement[key] = list;
  };
  set("Action", resolveList(block.actions));
  set("NotAction", resolveList(block.not_actions));
  set("Resource", resolveList(block.resources).map(policyVariables));
  set("NotResource", resolveList(block.not_resources).map(policyVariables));
  const principals = (value: unknown): StatementJson["Principal"] | undefined => {
    const blocks = blockList(value);
    if (blocks.length === 0) return undefined;
    const byType: Record<string, string[]> = {};
    for (const principal of blocks) {
      const type = resolveString(String(principal.type));
      const identifiers = resolveList(principal.identifiers)
        .map(policyVariables)
        .map((id) => (principalIdentifier ? principalIdentifier(type, id) : id));
      byType[type] = [...(byType[type] ?? []), ...identifiers];
    }
    // The provider writes `{"*": ["*"]}` as `"*"` (IAMPolicyStatementPrincipalSet.MarshalJSON).
    if (Object.keys(byType).length === 1 && byType["*"]?.length === 1 && byType["*"][0] === "*") return "*";
    return byType;
  };
  const principal = principals(block.principals);
  if (principal) statement.Principal = principal;
  const notPrincipal = principals(block.not_principals);
  if (notPrincipal) statement.NotPrincipal = notPrincipal;
  const conditions = blockList(block.condition);
  if (conditions.length > 0) {
    const rendered: Record<string, Record<string, string[]>> = {};
    for (const condition of conditions) {
      const test = resolveString(String(condition.test));
      const variable = resolveString(String(condition.variable));
      rendered[test] ??= {};
      rendered[test][variable] = [...(rendered[test][variable] ?? []), ...resolveList(condition.values).map(policyVariables)];
    }
    statement.Condition = rendered;
  }
  return statement;
}
