/**
 * The blocks of a synthesized stack (`cdk.tf.json`, or `Testing.synth` output), and the policies
 * its values name, read the way Terraform reads them.
 */
import { PolicyJson, parsePolicyJson, renderPolicyDocument } from "./policy-document";
import { BlockMode, BlockReference, blockAddress, parseReference } from "./references";

/** A synthesized stack: top-level Terraform JSON blocks (`resource`, `data`, `provider`, ...). */
export type SynthesizedConfig = object;

/** One resource or data source of a synthesized stack. */
export interface SynthesizedBlock {
  readonly mode: BlockMode;
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly body: Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** All resources and data sources, resources first, in the order of the JSON. */
export function synthesizedBlocks(config: SynthesizedConfig): SynthesizedBlock[] {
  const blocks: SynthesizedBlock[] = [];
  for (const [section, mode] of [
    ["resource", "managed"],
    ["data", "data"],
  ] as const) {
    const byType = (config as Record<string, unknown>)[section];
    if (!isObject(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      if (!isObject(byName)) continue;
      for (const [name, body] of Object.entries(byName)) {
        if (isObject(body)) blocks.push({ mode, type, name, address: blockAddress(mode, type, name), body });
      }
    }
  }
  return blocks;
}

/** The body of the block a reference names; undefined when the stack has no such block. */
export function blockAt(config: SynthesizedConfig, ref: Pick<BlockReference, "mode" | "type" | "name">): Record<string, unknown> | undefined {
  const section = (config as Record<string, unknown>)[ref.mode === "data" ? "data" : "resource"];
  const body = isObject(section) && isObject(section[ref.type]) ? (section[ref.type] as Record<string, unknown>)[ref.name] : undefined;
  return isObject(body) ? body : undefined;
}

/** A policy value read from a synthesized stack. */
export interface SynthesizedPolicy {
  readonly document: PolicyJson;
  /** Values that are not known before apply (other data sources' JSON, functions, variables). */
  readonly unknown: readonly string[];
  /** What the provider would reject (duplicate Sids). */
  readonly errors: readonly string[];
}

/**
 * The policy a value (`policy`, `assume_role_policy`, a source document) holds: a literal JSON
 * string, or a reference to an `aws_iam_policy_document` rendered as the provider does.
 */
export function readSynthesizedPolicy(config: SynthesizedConfig, value: unknown, seen: ReadonlySet<string> = new Set()): SynthesizedPolicy {
  const unknown: string[] = [];
  const errors: string[] = [];
  const read = (v: unknown): PolicyJson | undefined => {
    const ref = parseReference(v);
    if (ref?.mode === "data" && ref.type === "aws_iam_policy_document" && ref.steps.length === 1 && (ref.attribute === "json" || ref.attribute === "minified_json")) {
      const body = blockAt(config, ref);
      if (body && !seen.has(ref.address)) {
        const nested = new Set(seen).add(ref.address);
        const rendered = renderPolicyDocument(body, { readDocument: (source) => readNested(source, nested) });
        errors.push(...rendered.errors.map((e) => `${ref.address}: ${e}`));
        unknown.push(...rendered.unknownArguments.map((a) => `${ref.address}: ${a}`));
        return rendered.document;
      }
    }
    const document = typeof v === "string" && !ref ? parsePolicyJson(v) : undefined;
    if (!document) unknown.push(typeof v === "string" ? v : JSON.stringify(v));
    return document;
  };
  const readNested = (v: unknown, nested: ReadonlySet<string>): PolicyJson | undefined => {
    const inner = readSynthesizedPolicy(config, v, nested);
    unknown.push(...inner.unknown);
    errors.push(...inner.errors);
    return inner.unknown.length > 0 && inner.document.Statement.length === 0 ? undefined : inner.document;
  };
  const document = read(value);
  return { document: document ?? { Statement: [] }, unknown, errors };
}
