/**
 * Parsing and resolution of one synthesized stack: its AWS providers, `${...}` references it can
 * compute before apply, placeholders for the rest, and policy values rendered as Terraform renders
 * them (the one reader in modules/private/terraform-json).
 */
import {
  DEFAULT_POLICY_VERSION,
  PolicyJson,
  StatementJson,
  parsePolicyJson,
  renderPolicyDocument,
  statementList,
} from "../../../modules/private/terraform-json/policy-document";
import { findReferences, splitTemplate } from "../../../modules/private/terraform-json/references";
import { AttributeScope, dataSourceAttribute, resourceAttribute } from "./known-attributes";
import { partitionOfRegion } from "./look-ups";
import { ModelOptions, ProviderAccount, RenderedPolicy } from "./types";


/** What resolving a value ran into. */
export class Findings {
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

const POLICY_JSON_ATTRIBUTES = new Set(["json", "minified_json", "policy"]);

export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** What a stack's resolution needs from the model being built (other stacks, options, records). */
export interface ModelScope {
  readonly options: ModelOptions;
  /** Records a value made up for an identifier AWS assigns at apply. */
  recordSynthetic(source: string, value: string, note: string): void;
  /** The one other stack that declares this block, if exactly one does. */
  stackDeclaring(from: StackContext, type: string, logicalId: string, isData: boolean): StackContext | undefined;
  /** The value of another stack's output that a `terraform_remote_state` of `from` reads. */
  resolveRemoteOutput(from: StackContext, remoteStateId: string, outputName: string, findings: Findings): string | undefined;
}

/** One stack of the model: its AWS providers, and the resolution of its values and policy documents. */
export class StackContext {
  public readonly providers = new Map<string, ProviderAccount>();
  private readonly documentCache = new Map<string, RenderedPolicy>();
  private readonly resolving = new Set<string>();

  constructor(
    public readonly name: string,
    public readonly json: Record<string, any>,
    private readonly builder: ModelScope,
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
    let version = DEFAULT_POLICY_VERSION;
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
      const parsed = parsePolicyJson(this.resolveString(value, findings));
      if (parsed) {
        statements.push(...parsed.Statement);
        version = parsed.Version ?? version;
        id = parsed.Id;
      } else {
        findings.unknownSources.add(`${source} (policy string not a static policy JSON: ${value.slice(0, 80)})`);
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

  /** Renders `data.aws_iam_policy_document.<id>` as AWS provider 5.100 does (modules/private/terraform-json/policy-document.ts). */
  public renderDocument(logicalId: string): RenderedPolicy {
    const cached = this.documentCache.get(logicalId);
    if (cached) return cached;
    const address = `data.aws_iam_policy_document.${logicalId}`;
    const block = this.block("aws_iam_policy_document", logicalId, true);
    if (!block) throw new Error(`iam-model: ${this.name} has no ${address}`);
    if (this.resolving.has(address)) throw new Error(`iam-model: ${address} refers to itself`);
    this.resolving.add(address);
    const findings = new Findings();
    const rendered = renderPolicyDocument(block, {
      readDocument: (value, field) => {
        const policy = this.resolvePolicy(value, `${address}.${field}`);
        findings.absorb(policy);
        return policy.document;
      },
      resolveString: (value) => this.resolveString(value, findings),
      resolveList: (value) => this.stringList(value, findings),
      // An identifier that is only a placeholder is not a valid principal: make it an ARN that matches no caller.
      principalIdentifier: (type, id) => (type === "AWS" && id.includes("unresolved-") && !id.startsWith("arn:") ? `arn:aws:iam::000000000000:role/${id}` : id),
    });
    if (rendered.errors.length > 0) throw new Error(`iam-model: ${address}: ${rendered.errors.join("; ")} (Terraform rejects this)`);
    // A whole-list token (e.g. `source_policy_documents = "${var.x}"`): nothing to merge statically.
    for (const argument of rendered.unknownArguments) findings.unknownSources.add(`${address}.${argument}`);
    const policy = this.rendered(address, rendered.document, findings);
    this.resolving.delete(address);
    this.documentCache.set(logicalId, policy);
    return policy;
  }

  private stringList(value: unknown, findings: Findings): string[] {
    if (typeof value === "string" && /^\$\{[^}]*\}$/.test(value.trim())) {
      // A list-valued token (e.g. a variable): resolve it if it is a JSON list, else a placeholder.
      const resolved = this.resolveString(value, findings);
      try {
        const list = JSON.parse(resolved);
        if (Array.isArray(list)) return list.map((v) => String(v));
      } catch {
        /* fall through */
      }
      return [resolved];
    }
    return asList(value).map((v) => this.resolveString(String(v), findings));
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

    const [ref] = findReferences(expression);
    if (!ref || ref.start !== 0 || ref.end !== expression.length || ref.attribute === undefined) return str(undefined);
    const { type, name: logicalId, attribute, steps } = ref;
    const isData = ref.mode === "data";

    if (isData && type === "terraform_remote_state" && attribute === "outputs") {
      const output = steps[1];
      return str(output && "attribute" in output ? this.builder.resolveRemoteOutput(this, logicalId, output.attribute, findings) : undefined);
    }
    if (steps.length > 1) return str(undefined); // nested attributes (lists, blocks) are not modelled
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
            document: { Version: document.Version ?? DEFAULT_POLICY_VERSION, Statement: statementList(document) },
            unknownSourceDocuments: [...own.unknownSources],
            assumedSourceDocuments: [`${this.name}/${address}`, ...own.assumedSources],
            unresolvedReferences: [...own.unresolved],
          },
        };
      }
      return { kind: "unknown-document", address: `${this.name}/${address}` };
    }
    if (isData) return str(type.startsWith("aws_") ? dataSourceAttribute(type, block, attribute, this.attributeScope(block, type, logicalId, findings)) : undefined);

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

  /** The value of a resource attribute that is known before apply, or undefined. */
  public resourceAttribute(type: string, logicalId: string, block: Record<string, any>, attribute: string, findings: Findings): string | undefined {
    return resourceAttribute(type, logicalId, block, attribute, this.attributeScope(block, type, logicalId, findings));
  }

  private attributeScope(block: Record<string, any>, type: string, logicalId: string, findings: Findings): AttributeScope {
    return {
      provider: this.providerOf(block),
      resolve: (value) => this.resolveString(value, findings),
      synthetic: (value, note) => {
        this.builder.recordSynthetic(`${this.name}/${type}.${logicalId}`, value, note);
        return value;
      },
    };
  }
}
