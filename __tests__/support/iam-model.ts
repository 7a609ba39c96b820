/**
 * A static IAM model of synthesized Terraform JSON (`Testing.synth(stack)` or `cdk.tf.json`), for
 * the access proofs in `iam-proof.ts`.
 *
 * It reads only the synthesized JSON, never the TypeScript constructs, so a proof checks what
 * Terraform will be asked to create. It knows each AWS provider's account and region from
 * `allowed_account_ids[0]` and `region`, renders every `data.aws_iam_policy_document` the way
 * AWS provider 5.x does (sid merging of `source_policy_documents` / `override_policy_documents`,
 * `&{...}` policy variables), resolves `${...}` references it can compute before apply, and
 * records what it cannot:
 * - unknown source documents: policy JSON computed by other data sources at plan/apply time
 *   (e.g. `data.databricks_aws_bucket_policy.x.json`); their statements are missing from the model;
 * - unresolved references: expressions it cannot evaluate (functions, unknown attributes); they
 *   become `unresolved-<expression>` placeholders that match nothing;
 * - synthetic values: identifiers AWS assigns at apply (KMS key IDs, consumer timestamps), replaced
 *   by deterministic stand-ins so every reference to the same resource still agrees.
 *
 * Test support only (it is never imported from modules/, stacks/, config/ or main.ts).
 */
import { readFileSync } from "fs";

/* ------------------------------------------------------------------------------------------ */
/* Public types                                                                                 */
/* ------------------------------------------------------------------------------------------ */

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

/** A policy document of the model and what is known about it. */
export interface RenderedPolicy {
  /** Where it comes from: `<stack>/<terraform address>` (e.g. `app/data.aws_iam_policy_document.x`). */
  readonly source: string;
  /** The statements known before apply. */
  readonly document: PolicyJson;
  /**
   * Documents merged into this one whose content is computed only at plan/apply time, as Terraform
   * addresses (e.g. `data.databricks_aws_bucket_policy.ds`). Their statements are NOT in
   * `document`: a decision that depends on this policy holds for its known statements only.
   */
  readonly unknownSourceDocuments: readonly string[];
  /**
   * Source documents the caller supplied a stand-in for (see {@link ModelOptions.assumedDocuments}):
   * the statements are in `document`, but they are the caller's assumption, not Terraform's output.
   */
  readonly assumedSourceDocuments: readonly string[];
  /** Terraform expressions that could not be resolved; they appear as `unresolved-<expression>` placeholders. */
  readonly unresolvedReferences: readonly string[];
}

/** A named identity policy attached to a role. */
export interface AttachedPolicy {
  /** `inline:<name>` or `managed:<arn>`. */
  readonly name: string;
  readonly policy: RenderedPolicy;
}

/** An AWS provider block: which account and region its resources land in. */
export interface ProviderAccount {
  /** The stack that declares it. */
  readonly stack: string;
  /** `aws` or `aws.<alias>`. */
  readonly key: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
}

/** A Terraform resource or data source of the model, with its account and (when computable) ARN. */
export interface ResourceModel {
  readonly stack: string;
  /** `<type>.<logical id>` or `data.<type>.<logical id>`. */
  readonly address: string;
  readonly type: string;
  readonly logicalId: string;
  readonly isData: boolean;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** The ARN, when it can be computed before apply (possibly with synthetic parts, see `syntheticValues`). */
  readonly arn?: string;
  /** The name attribute (`name`, `bucket`, `function_name`...), when known. */
  readonly name?: string;
  /** The block as synthesized (unresolved). */
  readonly config: Readonly<Record<string, any>>;
}

/** An IAM role: created by a stack, or only referenced (inline policies added to an existing role). */
export interface RoleModel {
  readonly arn: string;
  readonly name: string;
  readonly accountId: string;
  readonly partition: string;
  /** The stack and address of the `aws_iam_role`, or undefined for a role no stack creates. */
  readonly source?: string;
  /** The trust policy; undefined when no stack in the model creates the role (then it is unknown). */
  readonly trustPolicy?: RenderedPolicy;
  /** Inline policies (`aws_iam_role_policy` and the role's own `inline_policy` blocks). */
  readonly inlinePolicies: AttachedPolicy[];
  /** Managed policies attached and known (created in a stack, or supplied in {@link ModelOptions.managedPolicies}). */
  readonly managedPolicies: AttachedPolicy[];
  /** Managed policy ARNs attached whose documents the model does not know. */
  readonly unknownManagedPolicyArns: string[];
  /** The permissions boundary ARN, if any. */
  readonly permissionsBoundaryArn?: string;
}

/** A customer-managed policy (`aws_iam_policy`). */
export interface ManagedPolicyModel {
  readonly arn: string;
  readonly name: string;
  readonly accountId: string;
  readonly policy: RenderedPolicy;
}

/** A resource-based policy (bucket policy, key policy, stream policy, Lambda permissions...). */
export interface ResourcePolicyModel {
  /** The ARN of the resource the policy is attached to. */
  readonly resourceArn: string;
  readonly accountId: string;
  /** The policies found for this resource (usually one; Lambda permissions add one each). */
  readonly policies: RenderedPolicy[];
  /** All statements of `policies`, as the one document the simulator evaluates. */
  readonly document: PolicyJson;
}

/** An instance profile and the role it carries. */
export interface InstanceProfileModel {
  readonly arn: string;
  readonly name: string;
  readonly accountId: string;
  /** The role's ARN (undefined if the role name could not be resolved). */
  readonly roleArn?: string;
}

/** A value the harness made up because AWS assigns it only at apply. */
export interface SyntheticValue {
  readonly source: string;
  readonly value: string;
  readonly note: string;
}

/** The IAM model of one or more stacks. */
export interface IamModel {
  readonly stacks: readonly string[];
  readonly providers: readonly ProviderAccount[];
  /** Every resource and data source, in stack order. */
  readonly resources: readonly ResourceModel[];
  /** Roles by ARN. */
  readonly roles: ReadonlyMap<string, RoleModel>;
  /** Customer-managed policies by ARN. */
  readonly managedPolicies: ReadonlyMap<string, ManagedPolicyModel>;
  /** Resource policies by resource ARN (S3 bucket ARN, KMS key ARN, stream ARN, function ARN...). */
  readonly resourcePolicies: ReadonlyMap<string, ResourcePolicyModel>;
  /** Instance profiles by ARN. */
  readonly instanceProfiles: ReadonlyMap<string, InstanceProfileModel>;
  /** Every rendered `aws_iam_policy_document`, by source (`<stack>/data.aws_iam_policy_document.<id>`). */
  readonly documents: ReadonlyMap<string, RenderedPolicy>;
  /** Every unknown source document anywhere in the model (Terraform addresses, prefixed by stack). */
  readonly unknownDocuments: readonly string[];
  /** Values made up for identifiers assigned at apply. */
  readonly syntheticValues: readonly SyntheticValue[];
  /** Things that look wrong but did not stop the model (two bucket policies on one bucket...). */
  readonly warnings: readonly string[];
  /** AWS-managed policy documents the caller supplied, keyed as supplied (ARN or policy name). */
  readonly knownAwsManagedPolicies: ReadonlyMap<string, PolicyJson>;
  /**
   * Resolves a value of a stack the way the model does (`${...}` references, placeholders for the
   * rest), e.g. a data source argument: `model.resolve(block.config.pass_roles[0])`.
   * @param stack the stack the value comes from (default: the first)
   */
  readonly resolve: (value: string, stack?: string) => string;
}

/** A stand-in for a document computed at apply, built from the data source's (resolved) arguments. */
export type AssumedDocument = (args: {
  /** The data source's address, e.g. `data.databricks_aws_crossaccount_policy.this`. */
  readonly address: string;
  /** Resolves a string of the data source's config (`${...}` references included). */
  readonly resolve: (value: string) => string;
  /** The data source block as synthesized. */
  readonly config: Readonly<Record<string, any>>;
}) => PolicyJson;

/** Options of {@link modelFromStack} / {@link modelFromStacks}. */
export interface ModelOptions {
  /**
   * Documents of AWS-managed policies attached by ARN, keyed by full ARN or by policy name
   * (e.g. `AWSLambdaKinesisExecutionRole`). Attachments not found here are listed in
   * {@link RoleModel.unknownManagedPolicyArns}.
   * @default none
   */
  readonly managedPolicies?: Readonly<Record<string, PolicyJson>>;
  /**
   * Stand-ins for documents computed at apply, keyed by data source type (e.g.
   * `databricks_aws_crossaccount_policy`). Use only with a documented source for the content: the
   * stand-in is recorded in {@link RenderedPolicy.assumedSourceDocuments}.
   * @default none: such documents stay unknown
   */
  readonly assumedDocuments?: Readonly<Record<string, AssumedDocument>>;
  /**
   * Values of Terraform variables (as `-var` would set them), e.g. `{ databricks_account_id: "..." }`.
   * @default each variable's `default`, else unresolved
   */
  readonly variables?: Readonly<Record<string, string>>;
}

/** One stack's synthesized JSON: a JSON string, a parsed object, or a path to `cdk.tf.json`. */
export type SynthesizedStack = string | Record<string, any> | { readonly name: string; readonly json: string | Record<string, any> };

/* ------------------------------------------------------------------------------------------ */
/* Entry points                                                                                 */
/* ------------------------------------------------------------------------------------------ */

/** Builds the IAM model of one synthesized stack. */
export function modelFromStack(stack: SynthesizedStack, options: ModelOptions = {}): IamModel {
  return modelFromStacks([stack], options);
}

/**
 * Builds one IAM model from several synthesized stacks (scenarios spanning stacks or accounts).
 * Roles, policies and resource policies are merged by ARN; inline policies and attachments find
 * their role by account and name in any stack; cdktf cross-stack references
 * (`data.terraform_remote_state.*.outputs.*`) resolve to the other stack's output.
 */
export function modelFromStacks(stacks: readonly SynthesizedStack[], options: ModelOptions = {}): IamModel {
  const parsed = stacks.map((s, i) => parseStack(s, i));
  const names = new Set<string>();
  for (const p of parsed) {
    if (names.has(p.name)) throw new Error(`iam-model: two stacks are named "${p.name}"; pass { name, json } to tell them apart`);
    names.add(p.name);
  }
  const builder = new ModelBuilder(options);
  const contexts = parsed.map((p) => new StackContext(p.name, p.json, builder));
  builder.contexts.push(...contexts);
  return builder.build();
}

/** Reads `cdktf.out/stacks/<stack>/cdk.tf.json` (or any path) as a {@link SynthesizedStack}. */
export function readSynthesizedStack(path: string, name?: string): SynthesizedStack {
  return { name: name ?? path, json: readFileSync(path, "utf8") };
}

/* ------------------------------------------------------------------------------------------ */
/* Look-ups                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/** The role with this ARN or name (name must be unique in the model unless `accountId` is given). */
export function findRole(model: IamModel, nameOrArn: string, accountId?: string): RoleModel {
  const byArn = model.roles.get(nameOrArn);
  if (byArn) return byArn;
  const matches = [...model.roles.values()].filter((r) => r.name === nameOrArn && (accountId === undefined || r.accountId === accountId));
  if (matches.length !== 1) {
    throw new Error(
      `iam-model: expected one role "${nameOrArn}"${accountId ? ` in ${accountId}` : ""}, found ${matches.length}; ` +
        `roles: ${[...model.roles.keys()].join(", ") || "(none)"}`,
    );
  }
  return matches[0];
}

/** Resources of a type (`aws_s3_bucket`, `aws_kms_key`...), optionally filtered. */
export function findResources(model: IamModel, type: string, filter: (r: ResourceModel) => boolean = () => true): ResourceModel[] {
  return model.resources.filter((r) => !r.isData && r.type === type && filter(r));
}

/** The single resource of a type matching the filter (throws otherwise). */
export function findResource(model: IamModel, type: string, filter: (r: ResourceModel) => boolean = () => true): ResourceModel {
  const found = findResources(model, type, filter);
  if (found.length !== 1) throw new Error(`iam-model: expected one ${type}, found ${found.length} (${found.map((r) => r.address).join(", ")})`);
  return found[0];
}

/** The role ARN an instance profile (by ARN or name) carries. */
export function roleOfInstanceProfile(model: IamModel, arnOrName: string): string {
  const profile = model.instanceProfiles.get(arnOrName) ?? [...model.instanceProfiles.values()].find((p) => p.name === arnOrName);
  if (!profile) throw new Error(`iam-model: no instance profile "${arnOrName}" (have: ${[...model.instanceProfiles.keys()].join(", ") || "none"})`);
  if (!profile.roleArn) throw new Error(`iam-model: the role of instance profile ${profile.arn} could not be resolved`);
  return profile.roleArn;
}

/** The account a resource ARN belongs to, from the model or the ARN itself (undefined if neither tells). */
export function accountOfResource(model: IamModel, arn: string): string | undefined {
  const owner = resourcePolicyOwnerArn(arn);
  const known = model.resources.find((r) => r.arn === arn || r.arn === owner);
  if (known) return known.accountId;
  const policy = model.resourcePolicies.get(owner);
  if (policy) return policy.accountId;
  const account = arn.split(":")[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/**
 * The ARN whose resource policy governs a request on `arn`: the bucket for an S3 object, the ARN
 * itself otherwise.
 */
export function resourcePolicyOwnerArn(arn: string): string {
  const s3 = /^arn:([\w-]+):s3:::([^/]+)(\/.*)?$/.exec(arn);
  if (s3) return `arn:${s3[1]}:s3:::${s3[2]}`;
  return arn;
}

/** The partition of a region. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-iso-")) return "aws-iso";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  return "aws";
}

/* ------------------------------------------------------------------------------------------ */
/* Parsing and resolution                                                                       */
/* ------------------------------------------------------------------------------------------ */

interface ParsedStack {
  readonly name: string;
  readonly json: Record<string, any>;
}

function parseStack(stack: SynthesizedStack, index: number): ParsedStack {
  const toJson = (value: string | Record<string, any>): Record<string, any> => {
    if (typeof value !== "string") return value;
    const text = value.trimStart().startsWith("{") ? value : readFileSync(value, "utf8");
    return JSON.parse(text);
  };
  if (typeof stack === "object" && "name" in stack && "json" in stack && typeof stack.name === "string") {
    return { name: stack.name, json: toJson(stack.json) };
  }
  return { name: `stack${index}`, json: toJson(stack as string | Record<string, any>) };
}

/** What resolving a value ran into. */
class Findings {
  public readonly unknownSources = new Set<string>();
  public readonly assumedSources = new Set<string>();
  public readonly unresolved: string[] = [];

  /** A placeholder naming the expression; it matches no real ARN, account or context value. */
  public placeholder(expression: string): string {
    if (!this.unresolved.includes(expression)) this.unresolved.push(expression);
    return `unresolved-${expression.replace(/[^\w.-]/g, "_")}`;
  }

  public absorb(policy: RenderedPolicy): void {
    policy.unknownSourceDocuments.forEach((s) => this.unknownSources.add(s));
    policy.assumedSourceDocuments.forEach((s) => this.assumedSources.add(s));
    for (const u of policy.unresolvedReferences) if (!this.unresolved.includes(u)) this.unresolved.push(u);
  }
}

/** A resolved value: a string, or a policy document (from a `.json` reference). */
type Resolved = { kind: "string"; value: string } | { kind: "document"; policy: RenderedPolicy } | { kind: "unknown-document"; address: string };

const REFERENCE = /^(data\.)?([A-Za-z][\w-]*)\.([\w-]+)\.([\w-]+)((?:\.[\w-]+|\[\d+\])*)$/;
const POLICY_JSON_ATTRIBUTES = new Set(["json", "minified_json", "policy"]);
const DEFAULT_VERSION = "2012-10-17";

/** Splits a Terraform template string into literal parts and `${...}` expressions (`$${` is a literal). */
function splitTemplate(value: string): Array<{ literal: string } | { expression: string }> {
  const parts: Array<{ literal: string } | { expression: string }> = [];
  let literal = "";
  let i = 0;
  while (i < value.length) {
    if (value.startsWith("$${", i)) {
      literal += "${";
      i += 3;
      continue;
    }
    if (value.startsWith("${", i)) {
      let depth = 1;
      let j = i + 2;
      let quoted = false;
      for (; j < value.length && depth > 0; j++) {
        const c = value[j];
        if (quoted) {
          if (c === "\\") j++;
          else if (c === '"') quoted = false;
        } else if (c === '"') quoted = true;
        else if (c === "{") depth++;
        else if (c === "}") depth--;
      }
      if (depth !== 0) {
        literal += value.slice(i);
        break;
      }
      if (literal) parts.push({ literal });
      literal = "";
      parts.push({ expression: value.slice(i + 2, j - 1).trim() });
      i = j;
      continue;
    }
    literal += value[i];
    i++;
  }
  if (literal) parts.push({ literal });
  return parts;
}

/** Applies AWS provider's `&{var}` -> `${var}` policy-variable replacement. */
function policyVariables(value: string): string {
  return value.split("&{").join("${");
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function statementList(document: any): StatementJson[] {
  if (!document || typeof document !== "object") return [];
  return asList(document.Statement).filter((s): s is StatementJson => !!s && typeof s === "object");
}

/** AWS provider's `IAMPolicyDoc.Merge`: statements with a Sid replace the same Sid in place; others append. */
function mergeStatements(into: StatementJson[], statements: readonly StatementJson[]): void {
  for (const statement of statements) {
    const sid = statement.Sid ?? "";
    const existing = sid === "" ? -1 : into.findIndex((s) => (s.Sid ?? "") === sid);
    if (existing >= 0) into[existing] = statement;
    else into.push(statement);
  }
}

class StackContext {
  public readonly providers = new Map<string, ProviderAccount>();
  private readonly documentCache = new Map<string, RenderedPolicy>();
  private readonly resolving = new Set<string>();

  constructor(
    public readonly name: string,
    public readonly json: Record<string, any>,
    private readonly builder: ModelBuilder,
  ) {
    const aws = asList(json.provider?.aws);
    for (const block of aws as Array<Record<string, any>>) {
      const key = block.alias ? `aws.${block.alias}` : "aws";
      const accounts = asList(block.allowed_account_ids) as string[];
      const region = typeof block.region === "string" ? this.resolveString(block.region, new Findings()) : undefined;
      if (accounts.length !== 1 || !/^\d{12}$/.test(String(accounts[0]))) {
        throw new Error(`iam-model: provider ${key} of stack ${name} must have exactly one allowed_account_ids entry (has ${JSON.stringify(block.allowed_account_ids)})`);
      }
      if (!region || region.includes("unresolved-")) throw new Error(`iam-model: provider ${key} of stack ${name} has no static region`);
      this.providers.set(key, { stack: name, key, accountId: String(accounts[0]), region, partition: partitionOfRegion(region) });
    }
  }

  /** The provider of a block (`provider` field "aws.<alias>", or the default). */
  public providerOf(block: Record<string, any> | undefined): ProviderAccount {
    const key = typeof block?.provider === "string" ? block.provider.replace(/^\$\{(.*)\}$/, "$1") : "aws";
    const provider = this.providers.get(key);
    if (!provider) throw new Error(`iam-model: stack ${this.name} has no AWS provider "${key}" (has: ${[...this.providers.keys()].join(", ") || "none"})`);
    return provider;
  }

  public block(type: string, logicalId: string, isData: boolean): Record<string, any> | undefined {
    return (isData ? this.json.data : this.json.resource)?.[type]?.[logicalId];
  }

  /** Resolves a template string; unresolvable expressions become placeholders recorded in `findings`. */
  public resolveString(value: string, findings: Findings): string {
    const parts = splitTemplate(value);
    return parts
      .map((part) => {
        if ("literal" in part) return part.literal;
        const resolved = this.resolveExpression(part.expression, findings);
        if (resolved.kind === "string") return resolved.value;
        if (resolved.kind === "document") {
          findings.absorb(resolved.policy);
          return JSON.stringify(resolved.policy.document);
        }
        findings.unknownSources.add(resolved.address);
        return findings.placeholder(part.expression);
      })
      .join("");
  }

  /**
   * Resolves a policy argument (`policy`, `assume_role_policy`, a source document): a reference
   * to a rendered document, an unknown document, or a JSON string.
   */
  public resolvePolicy(value: unknown, source: string): RenderedPolicy {
    const findings = new Findings();
    const statements: StatementJson[] = [];
    let version = DEFAULT_VERSION;
    let id: string | undefined;
    if (typeof value === "string") {
      const parts = splitTemplate(value);
      if (parts.length === 1 && "expression" in parts[0]) {
        const resolved = this.resolveExpression(parts[0].expression, findings);
        if (resolved.kind === "document") return resolved.policy;
        if (resolved.kind === "unknown-document") {
          findings.unknownSources.add(resolved.address);
          return this.rendered(source, { Version: version, Statement: [] }, findings);
        }
      }
      const text = this.resolveString(value, findings);
      try {
        const parsed = JSON.parse(text);
        statements.push(...statementList(parsed));
        version = parsed.Version ?? version;
        id = parsed.Id;
      } catch {
        findings.unknownSources.add(`${source} (policy string not static JSON: ${value.slice(0, 80)})`);
      }
    } else if (value && typeof value === "object") {
      statements.push(...statementList(value));
    }
    return this.rendered(source, { Version: version, ...(id ? { Id: id } : {}), Statement: statements }, findings);
  }

  private rendered(source: string, document: PolicyJson, findings: Findings): RenderedPolicy {
    return {
      source: `${this.name}/${source}`,
      document,
      unknownSourceDocuments: [...findings.unknownSources],
      assumedSourceDocuments: [...findings.assumedSources],
      unresolvedReferences: [...findings.unresolved],
    };
  }

  /** Renders `data.aws_iam_policy_document.<id>` like AWS provider 5.x. */
  public renderDocument(logicalId: string): RenderedPolicy {
    const cached = this.documentCache.get(logicalId);
    if (cached) return cached;
    const address = `data.aws_iam_policy_document.${logicalId}`;
    const block = this.block("aws_iam_policy_document", logicalId, true);
    if (!block) throw new Error(`iam-model: ${this.name} has no ${address}`);
    if (this.resolving.has(address)) throw new Error(`iam-model: ${address} refers to itself`);
    this.resolving.add(address);
    const findings = new Findings();
    const merged: StatementJson[] = [];

    // Source documents first; their Sids must be unique across sources (the provider errors otherwise).
    const sourceSids = new Set<string>();
    for (const [i, source] of this.documentList(block.source_policy_documents, findings).entries()) {
      const policy = this.resolvePolicy(source, `${address}.source_policy_documents[${i}]`);
      findings.absorb(policy);
      for (const s of policy.document.Statement) {
        if (s.Sid) {
          if (sourceSids.has(s.Sid)) throw new Error(`iam-model: ${address}: duplicate Sid "${s.Sid}" in source_policy_documents (Terraform rejects this)`);
          sourceSids.add(s.Sid);
        }
      }
      mergeStatements(merged, policy.document.Statement);
    }

    const own: StatementJson[] = [];
    const ownSids = new Set<string>();
    for (const statementBlock of this.blockList(block.statement, `${address}.statement`, findings)) {
      const statement = this.renderStatement(statementBlock, findings);
      if (statement.Sid) {
        if (ownSids.has(statement.Sid)) throw new Error(`iam-model: ${address}: duplicate Sid "${statement.Sid}" (Terraform rejects this)`);
        ownSids.add(statement.Sid);
      }
      own.push(statement);
    }
    mergeStatements(merged, own);

    for (const [i, source] of this.documentList(block.override_policy_documents, findings).entries()) {
      const policy = this.resolvePolicy(source, `${address}.override_policy_documents[${i}]`);
      findings.absorb(policy);
      mergeStatements(merged, policy.document.Statement);
    }

    const version = typeof block.version === "string" ? block.version : DEFAULT_VERSION;
    const policyId = typeof block.policy_id === "string" ? this.resolveString(block.policy_id, findings) : undefined;
    const rendered = this.rendered(address, { Version: version, ...(policyId ? { Id: policyId } : {}), Statement: merged }, findings);
    this.resolving.delete(address);
    this.documentCache.set(logicalId, rendered);
    return rendered;
  }

  private documentList(value: unknown, findings: Findings): unknown[] {
    if (typeof value === "string") {
      // A whole-list token: nothing to merge statically.
      findings.unknownSources.add(`list ${value}`);
      return [];
    }
    return asList(value);
  }

  private blockList(value: unknown, where: string, findings: Findings): Array<Record<string, any>> {
    if (typeof value === "string") {
      findings.unknownSources.add(`${where} = ${value}`);
      return [];
    }
    return asList(value).filter((b): b is Record<string, any> => !!b && typeof b === "object");
  }

  private stringList(value: unknown, findings: Findings, transform: (s: string) => string = (s) => s): string[] {
    if (typeof value === "string" && /^\$\{[^}]*\}$/.test(value.trim())) {
      // A list-valued token (e.g. a variable): resolve it if it is a JSON list, else a placeholder.
      const resolved = this.resolveString(value, findings);
      try {
        const list = JSON.parse(resolved);
        if (Array.isArray(list)) return list.map((v) => transform(String(v)));
      } catch {
        /* fall through */
      }
      return [transform(resolved)];
    }
    return asList(value).map((v) => transform(this.resolveString(String(v), findings)));
  }

  private renderStatement(block: Record<string, any>, findings: Findings): StatementJson {
    const statement: StatementJson = { Effect: "Allow" };
    if (typeof block.sid === "string" && block.sid !== "") statement.Sid = this.resolveString(block.sid, findings);
    if (typeof block.effect === "string") statement.Effect = this.resolveString(block.effect, findings);
    const set = (key: keyof StatementJson, list: string[]) => {
      if (list.length > 0) (statement as any)[key] = list;
    };
    set("Action", this.stringList(block.actions, findings));
    set("NotAction", this.stringList(block.not_actions, findings));
    set("Resource", this.stringList(block.resources, findings, policyVariables));
    set("NotResource", this.stringList(block.not_resources, findings, policyVariables));
    const principals = this.renderPrincipals(block.principals, findings);
    if (principals) statement.Principal = principals;
    const notPrincipals = this.renderPrincipals(block.not_principals, findings);
    if (notPrincipals) statement.NotPrincipal = notPrincipals;
    const conditions = this.blockList(block.condition, "condition", findings);
    if (conditions.length > 0) {
      const rendered: Record<string, Record<string, string[]>> = {};
      for (const c of conditions) {
        const test = this.resolveString(String(c.test), findings);
        const variable = this.resolveString(String(c.variable), findings);
        rendered[test] ??= {};
        rendered[test][variable] = [...(rendered[test][variable] ?? []), ...this.stringList(c.values, findings, policyVariables)];
      }
      statement.Condition = rendered;
    }
    return statement;
  }

  private renderPrincipals(value: unknown, findings: Findings): StatementJson["Principal"] | undefined {
    const blocks = this.blockList(value, "principals", findings);
    if (blocks.length === 0) return undefined;
    const byType: Record<string, string[]> = {};
    for (const b of blocks) {
      const type = this.resolveString(String(b.type), findings);
      const identifiers = this.stringList(b.identifiers, findings, policyVariables).map((id) =>
        // An identifier that is only a placeholder is not a valid principal: make it an ARN that matches no caller.
        type === "AWS" && id.includes("unresolved-") && !id.startsWith("arn:") ? `arn:aws:iam::000000000000:role/${id}` : id,
      );
      byType[type] = [...(byType[type] ?? []), ...identifiers];
    }
    if (Object.keys(byType).length === 1 && byType["*"]?.length === 1 && byType["*"][0] === "*") return "*";
    return byType;
  }

  /** Resolves one `${...}` expression. */
  public resolveExpression(expression: string, findings: Findings): Resolved {
    const str = (value: string | undefined): Resolved =>
      value === undefined ? { kind: "string", value: findings.placeholder(expression) } : { kind: "string", value };

    const variable = /^var\.([\w-]+)$/.exec(expression);
    if (variable) {
      const supplied = this.builder.options.variables?.[variable[1]];
      if (supplied !== undefined) return str(supplied);
      const declared = this.json.variable?.[variable[1]];
      return str(declared && declared.default !== undefined ? (typeof declared.default === "string" ? declared.default : JSON.stringify(declared.default)) : undefined);
    }
    const local = /^local\.([\w-]+)$/.exec(expression);
    if (local) {
      const value = this.json.locals?.[local[1]];
      return str(typeof value === "string" ? this.resolveString(value, findings) : value !== undefined ? JSON.stringify(value) : undefined);
    }

    const match = REFERENCE.exec(expression);
    if (!match) return str(undefined);
    const [, dataPrefix, type, logicalId, attribute, rest] = match;
    const isData = dataPrefix !== undefined;

    if (isData && type === "terraform_remote_state" && attribute === "outputs") {
      const outputName = rest.replace(/^\./, "").split(/[.[]/)[0];
      return str(this.builder.resolveRemoteOutput(this, logicalId, outputName, findings));
    }
    if (rest) return str(undefined); // nested attributes (lists, blocks) are not modelled
    const block = this.block(type, logicalId, isData);
    if (!block) {
      // `Testing.synth` of one stack keeps references into other stacks as they are.
      const owner = this.builder.stackDeclaring(this, type, logicalId, isData);
      return owner ? owner.resolveExpression(expression, findings) : str(undefined);
    }

    if (isData && type === "aws_iam_policy_document") {
      if (attribute === "json" || attribute === "minified_json") return { kind: "document", policy: this.renderDocument(logicalId) };
      return str(undefined);
    }
    if (isData && POLICY_JSON_ATTRIBUTES.has(attribute) && !type.startsWith("aws_")) {
      const address = `data.${type}.${logicalId}`;
      const assumed = this.builder.options.assumedDocuments?.[type];
      if (assumed) {
        const own = new Findings();
        const document = assumed({ address, resolve: (v) => this.resolveString(v, own), config: block });
        return {
          kind: "document",
          policy: {
            source: `${this.name}/${address}`,
            document: { Version: document.Version ?? DEFAULT_VERSION, Statement: statementList(document) },
            unknownSourceDocuments: [...own.unknownSources],
            assumedSourceDocuments: [`${this.name}/${address}`, ...own.assumedSources],
            unresolvedReferences: [...own.unresolved],
          },
        };
      }
      return { kind: "unknown-document", address: `${this.name}/${address}` };
    }
    if (isData) return str(this.dataAttribute(type, block, attribute, findings));

    const key = `${type}.${logicalId}.${attribute}`;
    if (this.resolving.has(key)) return str(undefined);
    this.resolving.add(key);
    try {
      if (attribute === "policy" || attribute === "assume_role_policy") {
        const policy = this.resolvePolicy(block[attribute], `${type}.${logicalId}.${attribute}`);
        return { kind: "document", policy };
      }
      return str(this.resourceAttribute(type, logicalId, block, attribute, findings));
    } finally {
      this.resolving.delete(key);
    }
  }

  private dataAttribute(type: string, block: Record<string, any>, attribute: string, findings: Findings): string | undefined {
    const provider = type.startsWith("aws_") ? this.providerOf(block) : undefined;
    if (!provider) return undefined;
    switch (type) {
      case "aws_partition":
        return attribute === "partition" || attribute === "id" ? provider.partition : attribute === "dns_suffix" ? "amazonaws.com" : undefined;
      case "aws_region":
        if (["name", "region", "id"].includes(attribute)) {
          const own = block.name ?? block.region;
          return typeof own === "string" ? this.resolveString(own, findings) : provider.region;
        }
        return undefined;
      case "aws_caller_identity":
        return attribute === "account_id" || attribute === "id" ? provider.accountId : undefined;
      default:
        return undefined;
    }
  }

  /** The value of a resource attribute that is known before apply, or undefined. */
  public resourceAttribute(type: string, logicalId: string, block: Record<string, any>, attribute: string, findings: Findings): string | undefined {
    const p = this.providerOf(block);
    const get = (field: string): string | undefined => {
      const v = block[field];
      if (typeof v === "string") return this.resolveString(v, findings);
      if (typeof v === "number" || typeof v === "boolean") return String(v);
      return undefined;
    };
    const path = (): string => {
      const v = get("path") ?? "/";
      return v.replace(/^\//, "");
    };
    const iam = (kind: string, name: string | undefined) => (name === undefined ? undefined : `arn:${p.partition}:iam::${p.accountId}:${kind}/${path()}${name}`);
    const regional = (service: string, resource: string | undefined) =>
      resource === undefined ? undefined : `arn:${p.partition}:${service}:${p.region}:${p.accountId}:${resource}`;
    const synthetic = (value: string, note: string): string => {
      this.builder.recordSynthetic(`${this.name}/${type}.${logicalId}`, value, note);
      return value;
    };
    const name = get("name");

    switch (type) {
      case "aws_iam_role":
      case "aws_iam_user":
      case "aws_iam_group":
      case "aws_iam_instance_profile": {
        const kind = { aws_iam_role: "role", aws_iam_user: "user", aws_iam_group: "group", aws_iam_instance_profile: "instance-profile" }[type];
        if (attribute === "arn") return iam(kind, name);
        if (attribute === "name" || attribute === "id") return name;
        break;
      }
      case "aws_iam_policy":
        if (attribute === "arn" || attribute === "id") return iam("policy", name);
        if (attribute === "name") return name;
        break;
      case "aws_iam_saml_provider":
        if (attribute === "arn" || attribute === "id") return name === undefined ? undefined : `arn:${p.partition}:iam::${p.accountId}:saml-provider/${name}`;
        if (attribute === "name") return name;
        break;
      case "aws_iam_openid_connect_provider": {
        const url = get("url");
        if (attribute === "arn" || attribute === "id") return url === undefined ? undefined : `arn:${p.partition}:iam::${p.accountId}:oidc-provider/${url.replace(/^https:\/\//, "")}`;
        break;
      }
      case "aws_s3_bucket": {
        const bucket = get("bucket");
        if (attribute === "bucket" || attribute === "id") return bucket;
        if (attribute === "arn") return bucket === undefined ? undefined : `arn:${p.partition}:s3:::${bucket}`;
        break;
      }
      case "aws_kinesis_stream":
        if (attribute === "arn" || attribute === "id") return regional("kinesis", name === undefined ? undefined : `stream/${name}`);
        if (attribute === "name") return name;
        break;
      case "aws_kinesis_stream_consumer": {
        const streamArn = get("stream_arn");
        if (attribute === "arn" || attribute === "id") {
          if (streamArn === undefined || name === undefined) return undefined;
          return synthetic(`${streamArn}/consumer/${name}:1700000000`, "consumer creation timestamp is assigned at apply");
        }
        if (attribute === "name") return name;
        if (attribute === "stream_arn") return streamArn;
        break;
      }
      case "aws_kms_key":
        if (attribute === "arn") return synthetic(regional("kms", `key/${logicalId}`)!, "KMS key IDs are assigned at apply; the logical ID stands in");
        if (attribute === "key_id" || attribute === "id") return synthetic(logicalId, "KMS key IDs are assigned at apply; the logical ID stands in");
        break;
      case "aws_kms_alias":
        if (attribute === "arn") return regional("kms", name);
        if (attribute === "name" || attribute === "id") return name;
        if (attribute === "target_key_arn") {
          const target = get("target_key_id");
          return target?.startsWith("arn:") ? target : regional("kms", target === undefined ? undefined : `key/${target}`);
        }
        break;
      case "aws_dynamodb_table":
        if (attribute === "arn") return regional("dynamodb", name === undefined ? undefined : `table/${name}`);
        if (attribute === "name" || attribute === "id") return name;
        if (attribute === "stream_arn") {
          return name === undefined ? undefined : synthetic(regional("dynamodb", `table/${name}/stream/1970-01-01T00:00:00.000`)!, "stream label is assigned at apply");
        }
        break;
      case "aws_lambda_function": {
        const fn = get("function_name");
        if (attribute === "arn") return regional("lambda", fn === undefined ? undefined : `function:${fn}`);
        if (attribute === "function_name" || attribute === "id") return fn;
        break;
      }
      case "aws_sqs_queue":
        if (attribute === "arn") return regional("sqs", name);
        if (attribute === "id" || attribute === "url") return name === undefined ? undefined : `https://sqs.${p.region}.amazonaws.com/${p.accountId}/${name}`;
        if (attribute === "name") return name;
        break;
      case "aws_sns_topic":
        if (attribute === "arn" || attribute === "id") return regional("sns", name);
        if (attribute === "name") return name;
        break;
      case "aws_cloudwatch_log_group":
        if (attribute === "arn") return regional("logs", name === undefined ? undefined : `log-group:${name}`);
        if (attribute === "name" || attribute === "id") return name;
        break;
      case "aws_secretsmanager_secret":
        if (attribute === "arn" || attribute === "id") {
          return name === undefined ? undefined : synthetic(regional("secretsmanager", `secret:${name}-AbCdEf`)!, "secret ARN suffix is assigned at apply");
        }
        if (attribute === "name") return name;
        break;
      default:
        break;
    }
    // Arguments echo their configured value (e.g. aws_iam_role_policy.role, aws_s3_bucket_policy.bucket).
    if (attribute !== "id" && attribute !== "arn") return get(attribute);
    return undefined;
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Model building                                                                               */
/* ------------------------------------------------------------------------------------------ */

/** A role as declared by one stack (before merging). */
interface MutableRole {
  arn: string;
  name: string;
  accountId: string;
  partition: string;
  source?: string;
  trustPolicy?: RenderedPolicy;
  inlinePolicies: AttachedPolicy[];
  managedPolicies: AttachedPolicy[];
  unknownManagedPolicyArns: string[];
  attachedArns: string[];
  permissionsBoundaryArn?: string;
}

class ModelBuilder {
  public readonly contexts: StackContext[] = [];
  private readonly synthetic = new Map<string, SyntheticValue>();
  private readonly warnings: string[] = [];

  constructor(public readonly options: ModelOptions) {}

  public recordSynthetic(source: string, value: string, note: string): void {
    this.synthetic.set(`${source}:${value}`, { source, value, note });
  }

  /** The one other stack that declares this block, if exactly one does. */
  public stackDeclaring(from: StackContext, type: string, logicalId: string, isData: boolean): StackContext | undefined {
    const owners = this.contexts.filter((c) => c !== from && c.block(type, logicalId, isData) !== undefined);
    return owners.length === 1 ? owners[0] : undefined;
  }

  public resolveRemoteOutput(from: StackContext, remoteStateId: string, outputName: string, findings: Findings): string | undefined {
    const remoteBlock = from.block("terraform_remote_state", remoteStateId, true);
    const path: string | undefined = remoteBlock?.config?.path;
    const hinted = remoteStateId.replace(/^cross-stack-reference-input-/, "");
    const fromPath = typeof path === "string" ? /terraform\.(.+)\.tfstate$/.exec(path)?.[1] : undefined;
    const candidates = this.contexts.filter((c) => c !== from && c.json.output?.[outputName] !== undefined);
    const chosen = candidates.find((c) => c.name === hinted || c.name === fromPath) ?? (candidates.length === 1 ? candidates[0] : undefined);
    if (!chosen) return undefined;
    const value = chosen.json.output[outputName].value;
    return typeof value === "string" ? chosen.resolveString(value, findings) : undefined;
  }

  public build(): IamModel {
    const resources: ResourceModel[] = [];
    const roles = new Map<string, MutableRole>();
    const managedPolicies = new Map<string, ManagedPolicyModel>();
    const resourcePolicies = new Map<string, { accountId: string; policies: RenderedPolicy[] }>();
    const instanceProfiles: Array<{ arn: string; name: string; accountId: string; partition: string; roleName?: string }> = [];
    const inlines: Array<{ accountId: string; roleName: string; attached: AttachedPolicy }> = [];
    const attachments: Array<{ accountId: string; roleName: string; policyArn: string }> = [];
    const documents = new Map<string, RenderedPolicy>();

    const addResourcePolicy = (arn: string | undefined, accountId: string, policy: RenderedPolicy, exclusive: boolean) => {
      if (!arn || arn.includes("unresolved-")) {
        this.warnings.push(`${policy.source}: the resource ARN could not be resolved; the policy is not in the model`);
        return;
      }
      const entry = resourcePolicies.get(arn) ?? { accountId, policies: [] };
      if (exclusive && entry.policies.length > 0) {
        this.warnings.push(`${arn} has several resource policies (${[...entry.policies.map((p) => p.source), policy.source].join(", ")}); only one can exist in AWS`);
      }
      entry.policies.push(policy);
      resourcePolicies.set(arn, entry);
    };

    for (const ctx of this.contexts) {
      for (const isData of [false, true]) {
        const section = (isData ? ctx.json.data : ctx.json.resource) ?? {};
        for (const [type, blocks] of Object.entries<Record<string, any>>(section)) {
          for (const [logicalId, block] of Object.entries<Record<string, any>>(blocks)) {
            if (!type.startsWith("aws_")) {
              resources.push({ stack: ctx.name, address: `${isData ? "data." : ""}${type}.${logicalId}`, type, logicalId, isData, accountId: "", region: "", partition: "", config: block });
              continue;
            }
            const p = ctx.providerOf(block);
            const findings = new Findings();
            const attr = (a: string) => {
              const v = isData ? undefined : ctx.resourceAttribute(type, logicalId, block, a, findings);
              return v === undefined || v.includes("unresolved-") ? undefined : v;
            };
            const nameField = ["name", "bucket", "function_name"].find((f) => typeof block[f] === "string");
            resources.push({
              stack: ctx.name,
              address: `${isData ? "data." : ""}${type}.${logicalId}`,
              type,
              logicalId,
              isData,
              accountId: p.accountId,
              region: p.region,
              partition: p.partition,
              arn: attr("arn"),
              name: nameField ? attr(nameField) : undefined,
              config: block,
            });
            if (isData) {
              if (type === "aws_iam_policy_document") documents.set(`${ctx.name}/data.aws_iam_policy_document.${logicalId}`, ctx.renderDocument(logicalId));
              continue;
            }
            this.collect(ctx, type, logicalId, block, p, {
              roles,
              managedPolicies,
              addResourcePolicy,
              instanceProfiles,
              inlines,
              attachments,
            });
          }
        }
      }
    }

    // Inline policies and attachments find their role by account and name, in any stack.
    const roleFor = (accountId: string, roleName: string, partition: string): MutableRole => {
      const name = roleName.startsWith("arn:") ? roleName.split("/").pop()! : roleName;
      const found = [...roles.values()].find((r) => r.accountId === accountId && r.name === name);
      if (found) return found;
      const arn = `arn:${partition}:iam::${accountId}:role/${name}`;
      const external: MutableRole = { arn, name, accountId, partition, inlinePolicies: [], managedPolicies: [], unknownManagedPolicyArns: [], attachedArns: [] };
      roles.set(arn, external);
      return external;
    };
    const partitionOf = (accountId: string) => this.contexts.flatMap((c) => [...c.providers.values()]).find((p) => p.accountId === accountId)?.partition ?? "aws";
    for (const i of inlines) roleFor(i.accountId, i.roleName, partitionOf(i.accountId)).inlinePolicies.push(i.attached);
    for (const a of attachments) roleFor(a.accountId, a.roleName, partitionOf(a.accountId)).attachedArns.push(a.policyArn);

    const knownAws = new Map<string, PolicyJson>();
    for (const [key, doc] of Object.entries(this.options.managedPolicies ?? {})) knownAws.set(key, doc);
    for (const role of roles.values()) {
      for (const arn of role.attachedArns) {
        const created = managedPolicies.get(arn);
        const supplied = knownAws.get(arn) ?? knownAws.get(arn.split("/").pop()!);
        if (created) role.managedPolicies.push({ name: `managed:${arn}`, policy: created.policy });
        else if (supplied) {
          role.managedPolicies.push({
            name: `managed:${arn}`,
            policy: {
              source: `supplied:${arn}`,
              document: { Version: supplied.Version ?? DEFAULT_VERSION, Statement: statementList(supplied) },
              unknownSourceDocuments: [],
              assumedSourceDocuments: [],
              unresolvedReferences: [],
            },
          });
        } else role.unknownManagedPolicyArns.push(arn);
      }
    }

    const profiles = new Map<string, InstanceProfileModel>();
    for (const ip of instanceProfiles) {
      const role = ip.roleName === undefined ? undefined : [...roles.values()].find((r) => r.accountId === ip.accountId && r.name === ip.roleName);
      profiles.set(ip.arn, {
        arn: ip.arn,
        name: ip.name,
        accountId: ip.accountId,
        roleArn: role?.arn ?? (ip.roleName ? `arn:${ip.partition}:iam::${ip.accountId}:role/${ip.roleName}` : undefined),
      });
    }

    const resourcePolicyModels = new Map<string, ResourcePolicyModel>();
    for (const [arn, entry] of resourcePolicies) {
      resourcePolicyModels.set(arn, {
        resourceArn: arn,
        accountId: entry.accountId,
        policies: entry.policies,
        document: { Version: DEFAULT_VERSION, Statement: entry.policies.flatMap((p) => p.document.Statement) },
      });
    }

    const roleModels = new Map<string, RoleModel>();
    for (const [arn, r] of roles) {
      roleModels.set(arn, {
        arn: r.arn,
        name: r.name,
        accountId: r.accountId,
        partition: r.partition,
        source: r.source,
        trustPolicy: r.trustPolicy,
        inlinePolicies: r.inlinePolicies,
        managedPolicies: r.managedPolicies,
        unknownManagedPolicyArns: r.unknownManagedPolicyArns,
        permissionsBoundaryArn: r.permissionsBoundaryArn,
      });
    }

    const unknown = new Set<string>();
    const allPolicies: RenderedPolicy[] = [
      ...documents.values(),
      ...[...roleModels.values()].flatMap((r) => [...(r.trustPolicy ? [r.trustPolicy] : []), ...r.inlinePolicies.map((p) => p.policy), ...r.managedPolicies.map((p) => p.policy)]),
      ...[...resourcePolicyModels.values()].flatMap((r) => r.policies),
    ];
    for (const p of allPolicies) p.unknownSourceDocuments.forEach((u) => unknown.add(u));

    return {
      stacks: this.contexts.map((c) => c.name),
      providers: this.contexts.flatMap((c) => [...c.providers.values()]),
      resources,
      roles: roleModels,
      managedPolicies,
      resourcePolicies: resourcePolicyModels,
      instanceProfiles: profiles,
      documents,
      unknownDocuments: [...unknown].sort(),
      syntheticValues: [...this.synthetic.values()],
      warnings: [...this.warnings],
      knownAwsManagedPolicies: knownAws,
      resolve: (value: string, stack?: string) => {
        const ctx = stack === undefined ? this.contexts[0] : this.contexts.find((c) => c.name === stack);
        if (!ctx) throw new Error(`iam-model: no stack "${stack}" (have: ${this.contexts.map((c) => c.name).join(", ")})`);
        return ctx.resolveString(value, new Findings());
      },
    };
  }

  private collect(
    ctx: StackContext,
    type: string,
    logicalId: string,
    block: Record<string, any>,
    p: ProviderAccount,
    into: {
      roles: Map<string, MutableRole>;
      managedPolicies: Map<string, ManagedPolicyModel>;
      addResourcePolicy: (arn: string | undefined, accountId: string, policy: RenderedPolicy, exclusive: boolean) => void;
      instanceProfiles: Array<{ arn: string; name: string; accountId: string; partition: string; roleName?: string }>;
      inlines: Array<{ accountId: string; roleName: string; attached: AttachedPolicy }>;
      attachments: Array<{ accountId: string; roleName: string; policyArn: string }>;
    },
  ): void {
    const address = `${type}.${logicalId}`;
    const findings = new Findings();
    const value = (field: string): string | undefined => (typeof block[field] === "string" ? ctx.resolveString(block[field], findings) : undefined);
    const attr = (a: string) => ctx.resourceAttribute(type, logicalId, block, a, findings);

    switch (type) {
      case "aws_iam_role": {
        const arn = attr("arn");
        const name = attr("name");
        if (!arn || !name) {
          this.warnings.push(`${ctx.name}/${address}: role name not static (name_prefix or a reference); left out of the model`);
          return;
        }
        if (into.roles.get(arn)?.source) this.warnings.push(`${arn} is created by two stacks (${into.roles.get(arn)!.source}, ${ctx.name}/${address})`);
        const role: MutableRole = into.roles.get(arn) ?? { arn, name, accountId: p.accountId, partition: p.partition, inlinePolicies: [], managedPolicies: [], unknownManagedPolicyArns: [], attachedArns: [] };
        role.source = `${ctx.name}/${address}`;
        role.trustPolicy = ctx.resolvePolicy(block.assume_role_policy, `${address}.assume_role_policy`);
        for (const [i, inline] of asList(block.inline_policy).entries()) {
          const ip = inline as Record<string, any>;
          if (typeof ip.policy !== "string") continue;
          role.inlinePolicies.push({ name: `inline:${ip.name ?? i}`, policy: ctx.resolvePolicy(ip.policy, `${address}.inline_policy[${i}]`) });
        }
        for (const arnValue of asList(block.managed_policy_arns)) role.attachedArns.push(ctx.resolveString(String(arnValue), findings));
        role.permissionsBoundaryArn = value("permissions_boundary");
        into.roles.set(arn, role);
        return;
      }
      case "aws_iam_role_policy": {
        const roleName = value("role");
        if (!roleName) return;
        const name = value("name") ?? logicalId;
        into.inlines.push({ accountId: p.accountId, roleName, attached: { name: `inline:${name}`, policy: ctx.resolvePolicy(block.policy, `${address}.policy`) } });
        return;
      }
      case "aws_iam_role_policy_attachment": {
        const roleName = value("role");
        const policyArn = value("policy_arn");
        if (roleName && policyArn) into.attachments.push({ accountId: p.accountId, roleName, policyArn });
        return;
      }
      case "aws_iam_policy_attachment": {
        const policyArn = value("policy_arn");
        for (const r of asList(block.roles)) if (policyArn) into.attachments.push({ accountId: p.accountId, roleName: ctx.resolveString(String(r), findings), policyArn });
        return;
      }
      case "aws_iam_policy": {
        const arn = attr("arn");
        if (!arn) return;
        into.managedPolicies.set(arn, { arn, name: attr("name") ?? logicalId, accountId: p.accountId, policy: ctx.resolvePolicy(block.policy, `${address}.policy`) });
        return;
      }
      case "aws_iam_instance_profile": {
        const arn = attr("arn");
        const name = attr("name");
        if (!arn || !name) return;
        const roleValue = value("role");
        into.instanceProfiles.push({ arn, name, accountId: p.accountId, partition: p.partition, roleName: roleValue?.startsWith("arn:") ? roleValue.split("/").pop() : roleValue });
        return;
      }
      case "aws_s3_bucket": {
        if (typeof block.policy === "string") into.addResourcePolicy(attr("arn"), p.accountId, ctx.resolvePolicy(block.policy, `${address}.policy`), true);
        return;
      }
      case "aws_s3_bucket_policy": {
        const bucket = value("bucket");
        const arn = bucket === undefined ? undefined : bucket.startsWith("arn:") ? bucket : `arn:${p.partition}:s3:::${bucket}`;
        into.addResourcePolicy(arn, p.accountId, ctx.resolvePolicy(block.policy, `${address}.policy`), true);
        return;
      }
      case "aws_kms_key": {
        const arn = attr("arn");
        const policy =
          block.policy !== undefined
            ? ctx.resolvePolicy(block.policy, `${address}.policy`)
            : {
                // Without a policy argument AWS applies the default key policy: the account's IAM decides.
                source: `${ctx.name}/${address} (AWS default key policy)`,
                document: {
                  Version: DEFAULT_VERSION,
                  Statement: [{ Sid: "EnableIAMUserPermissions", Effect: "Allow", Principal: { AWS: `arn:${p.partition}:iam::${p.accountId}:root` }, Action: "kms:*", Resource: "*" }],
                },
                unknownSourceDocuments: [],
                assumedSourceDocuments: [],
                unresolvedReferences: [],
              };
        into.addResourcePolicy(arn, p.accountId, policy, true);
        return;
      }
      case "aws_kinesis_resource_policy":
        into.addResourcePolicy(value("resource_arn"), p.accountId, ctx.resolvePolicy(block.policy, `${address}.policy`), true);
        return;
      case "aws_sns_topic_policy":
        into.addResourcePolicy(value("arn"), p.accountId, ctx.resolvePolicy(block.policy, `${address}.policy`), true);
        return;
      case "aws_sqs_queue_policy": {
        const url = value("queue_url");
        const m = url ? /^https:\/\/sqs\.([\w-]+)\.amazonaws\.com(?:\.cn)?\/(\d{12})\/(.+)$/.exec(url) : null;
        const arn = m ? `arn:${p.partition}:sqs:${m[1]}:${m[2]}:${m[3]}` : undefined;
        into.addResourcePolicy(arn, p.accountId, ctx.resolvePolicy(block.policy, `${address}.policy`), true);
        return;
      }
      case "aws_lambda_permission": {
        const fn = value("function_name");
        const arn = fn === undefined ? undefined : fn.startsWith("arn:") ? fn : `arn:${p.partition}:lambda:${p.region}:${p.accountId}:function:${fn}`;
        const principal = value("principal") ?? "";
        const condition: Record<string, Record<string, string>> = {};
        const sourceArn = value("source_arn");
        const sourceAccount = value("source_account");
        if (sourceArn) condition.ArnLike = { "AWS:SourceArn": sourceArn };
        if (sourceAccount) condition.StringEquals = { "AWS:SourceAccount": sourceAccount };
        const statement: StatementJson = {
          Sid: value("statement_id") ?? logicalId,
          Effect: "Allow",
          Principal: principal.endsWith(".amazonaws.com") ? { Service: principal } : principal === "*" ? "*" : { AWS: principal },
          Action: value("action") ?? "lambda:InvokeFunction",
          Resource: arn ?? "unresolved",
          ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
        };
        into.addResourcePolicy(
          arn,
          p.accountId,
          {
            source: `${ctx.name}/${address}`,
            document: { Version: DEFAULT_VERSION, Statement: [statement] },
            unknownSourceDocuments: [...findings.unknownSources],
            assumedSourceDocuments: [],
            unresolvedReferences: [...findings.unresolved],
          },
          false,
        );
        return;
      }
      default:
        return;
    }
  }
}
