import {
  DefaultTokenResolver,
  StringConcat,
  TerraformDataSource,
  TerraformElement,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  Tokenization,
} from "cdktf";
import { parseReference as parseTerraformReference } from "../private/terraform-json/references";

/** The kind of a Terraform block. */
export enum BlockKind {
  RESOURCE = "resource",
  DATA = "data",
  PROVIDER = "provider",
}

/** One block of a stack, as it will be synthesized. */
export interface TerraformBlock {
  /** Resource, data source or provider. */
  readonly kind: BlockKind;
  /** `aws_s3_bucket`, `aws_iam_policy_document`, or the provider name (`aws`). */
  readonly type: string;
  /** The logical name (`bucket_3056591E`); for providers the alias, `""` for the default one. */
  readonly name: string;
  /** `aws_s3_bucket.<name>`, `data.aws_iam_policy_document.<name>`, `provider.aws` or `provider.aws.<alias>`. */
  readonly address: string;
  /** The path of the construct that synthesizes the block. */
  readonly constructPath: string;
  /** The resolved configuration, snake_case as in `cdk.tf.json` (without the `//` metadata). Deep-frozen. */
  readonly config: Readonly<Record<string, unknown>>;
}

/** A read-only view of a stack's blocks, for rules that look across resources. */
export interface StackIndex {
  /** The stack's name (its construct ID). */
  readonly stackName: string;
  /** All blocks of one kind and type, in construct order. */
  blocksOfType(kind: BlockKind, type: string): readonly TerraformBlock[];
  /** The block a reference like `${aws_s3_bucket.x.id}` or `${data.aws_iam_policy_document.y.json}` points at. */
  referencedBlock(value: unknown): TerraformBlock | undefined;
  /**
   * The account a resource or data source is created in: the single `allowed_account_ids` entry of its
   * provider block; undefined when the provider pins no single account.
   */
  accountOf(block: TerraformBlock): string | undefined;
}

/** A whole-value reference `${[data.]type.name.attribute}`. */
export interface BlockReference {
  readonly kind: BlockKind.RESOURCE | BlockKind.DATA;
  readonly type: string;
  readonly name: string;
  readonly attribute: string;
  /** The referenced block's address. */
  readonly address: string;
}

/** Parses a value that is exactly one attribute reference; undefined for literals and other expressions. */
export function parseReference(value: unknown): BlockReference | undefined {
  const ref = parseTerraformReference(value);
  if (!ref || ref.steps.length !== 1 || ref.attribute === undefined) return undefined;
  const kind = ref.mode === "data" ? BlockKind.DATA : BlockKind.RESOURCE;
  return { kind, type: ref.type, name: ref.name, attribute: ref.attribute, address: ref.address };
}

/** True when `value` is a reference to one of `attributes` of `block` (e.g. a bucket's `id` or `bucket`). */
export function isReferenceTo(value: unknown, block: TerraformBlock, attributes: readonly string[]): boolean {
  const ref = parseReference(value);
  return ref !== undefined && ref.address === block.address && attributes.includes(ref.attribute);
}

// The resolver `TerraformStack.toTerraform()` uses, so blocks read exactly as they are synthesized.
const RESOLVER = new DefaultTokenResolver(new StringConcat());

interface Entry {
  readonly element: TerraformElement;
  readonly kind: BlockKind;
  readonly type: string;
  readonly address?: string;
  block?: TerraformBlock | null;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

/**
 * The index the aspect builds once per stack. Blocks are resolved on first use and cached, so each block
 * is resolved at most once per stack however many rules read it.
 * @internal
 */
export class ResolvedStackIndex implements StackIndex {
  public readonly stackName: string;
  private readonly entries: Entry[] = [];
  private readonly byAddress = new Map<string, Entry>();
  private readonly byElement = new Map<TerraformElement, Entry>();
  private providerAccounts?: Map<string, string | undefined>;

  constructor(public readonly stack: TerraformStack) {
    this.stackName = stack.node.id;
    for (const node of stack.node.findAll()) {
      let entry: Entry | undefined;
      if (TerraformResource.isTerraformResource(node)) {
        entry = { element: node, kind: BlockKind.RESOURCE, type: node.terraformResourceType, address: `${node.terraformResourceType}.${node.friendlyUniqueId}` };
      } else if (TerraformDataSource.isTerraformDataSource(node)) {
        entry = { element: node, kind: BlockKind.DATA, type: node.terraformResourceType, address: `data.${node.terraformResourceType}.${node.friendlyUniqueId}` };
      } else if (TerraformProvider.isTerraformProvider(node)) {
        entry = { element: node, kind: BlockKind.PROVIDER, type: node.terraformResourceType };
      }
      if (!entry || entry.element.cdktfStack !== stack) continue;
      this.entries.push(entry);
      this.byElement.set(entry.element, entry);
      if (entry.address) this.byAddress.set(entry.address, entry);
    }
  }

  /** The block an element synthesizes (undefined for elements that are not resources, data sources or providers). */
  public blockOf(element: TerraformElement): TerraformBlock | undefined {
    const entry = this.byElement.get(element);
    return entry ? this.resolve(entry) : undefined;
  }

  public blocksOfType(kind: BlockKind, type: string): readonly TerraformBlock[] {
    const blocks: TerraformBlock[] = [];
    for (const entry of this.entries) {
      if (entry.kind !== kind || entry.type !== type) continue;
      const block = this.resolve(entry);
      if (block) blocks.push(block);
    }
    return blocks;
  }

  public referencedBlock(value: unknown): TerraformBlock | undefined {
    const ref = parseReference(value);
    const entry = ref ? this.byAddress.get(ref.address) : undefined;
    return entry ? this.resolve(entry) : undefined;
  }

  public accountOf(block: TerraformBlock): string | undefined {
    if (block.kind === BlockKind.PROVIDER) return this.providerAccount(block);
    if (!this.providerAccounts) {
      this.providerAccounts = new Map();
      for (const entry of this.entries) {
        if (entry.kind !== BlockKind.PROVIDER) continue;
        const provider = this.resolve(entry);
        if (provider) this.providerAccounts.set(provider.address, this.providerAccount(provider));
      }
    }
    // `provider = "aws.data"` names an aliased provider; no `provider` means the default one of the type's prefix.
    const providerRef = typeof block.config.provider === "string" ? block.config.provider : block.type.split("_")[0];
    return this.providerAccounts.get(`provider.${providerRef}`);
  }

  private providerAccount(provider: TerraformBlock): string | undefined {
    const ids = provider.config.allowed_account_ids;
    return Array.isArray(ids) && ids.length === 1 && typeof ids[0] === "string" && /^\d{12}$/.test(ids[0]) ? ids[0] : undefined;
  }

  private resolve(entry: Entry): TerraformBlock | undefined {
    if (entry.block !== undefined) return entry.block ?? undefined;
    const synthesized = Tokenization.resolve(entry.element.toTerraform(), { scope: this.stack, preparing: false, resolver: RESOLVER });
    entry.block = this.toBlock(entry, synthesized) ?? null;
    return entry.block ?? undefined;
  }

  private toBlock(entry: Entry, synthesized: Record<string, any>): TerraformBlock | undefined {
    const constructPath = entry.element.node.path;
    if (entry.kind === BlockKind.PROVIDER) {
      const config = synthesized?.provider?.[entry.type]?.[0];
      if (!config) return undefined;
      const alias = typeof config.alias === "string" ? config.alias : "";
      const address = alias ? `provider.${entry.type}.${alias}` : `provider.${entry.type}`;
      return deepFreeze({ kind: entry.kind, type: entry.type, name: alias, address, constructPath, config: withoutMetadata(config) });
    }
    const section = entry.kind === BlockKind.RESOURCE ? synthesized?.resource : synthesized?.data;
    const name = entry.element.friendlyUniqueId;
    // A moved resource synthesizes no block of its own.
    const config = section?.[entry.type]?.[name];
    if (!config) return undefined;
    return deepFreeze({ kind: entry.kind, type: entry.type, name, address: entry.address!, constructPath, config: withoutMetadata(config) });
  }
}

function withoutMetadata(config: Record<string, unknown>): Record<string, unknown> {
  const { "//": _metadata, ...rest } = config;
  return rest;
}
