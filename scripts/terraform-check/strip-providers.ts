/**
 * Derives a copy of a stack without the blocks of providers that cannot be installed (not in the
 * filesystem mirror), so the rest of the stack can still be validated and planned for real.
 * Pure: no file system, no processes.
 */
import { findInterpolations, findReferences, referencedAddresses } from "../../modules/private/terraform-json/references";
import { AttributeKind, AttributeKindLookup, substituteReferences } from "./placeholders";
import {
  Json,
  JsonObject,
  TerraformConfig,
  allBlocks,
  blockAddress,
  cloneJson,
  isObject,
  providerLocalNameOf,
  providerSources,
} from "./terraform-json";

/** A block left out of the derived copy, and why. */
export interface LeftOutBlock {
  readonly address: string;
  readonly reason: string;
}

/** A reference into a left-out block that a remaining block made, now a placeholder. */
export interface PlaceholderUse {
  /** The remaining block, e.g. `data.aws_iam_policy_document.x` or `locals`. */
  readonly in: string;
  readonly reference: string;
  readonly kind: AttributeKind;
}

/** The derived copy and what was changed to get it. */
export interface StripResult {
  readonly config: TerraformConfig;
  readonly leftOut: readonly LeftOutBlock[];
  readonly placeholders: readonly PlaceholderUse[];
  /** `depends_on` / `replace_triggered_by` entries dropped, as `<block>: <entry>`. */
  readonly droppedDependencies: readonly string[];
}

/** Meta-arguments whose entries are bare references that are dropped (not replaced) when they point at a left-out block. */
const REFERENCE_LIST_KEYS = new Set(["depends_on", "replace_triggered_by"]);

/** The block address a `depends_on` entry (`aws_x.y`, `${aws_x.y}`, `data.x.y.attr`) names, if any. */
function dependencyAddress(entry: string): string | undefined {
  const expression = entry.replace(/^\$\{([\s\S]*)\}$/, "$1").trim();
  const ref = findReferences(expression)[0];
  return ref && ref.start === 0 ? ref.address : undefined;
}

/**
 * Removes every block of the given providers and rewires what remains.
 * @param removedSources normalized provider source -> why it is left out
 * @param lookup what attributes of left-out block types hold, for typed placeholders
 */
export function stripProviders(
  original: TerraformConfig,
  removedSources: ReadonlyMap<string, string>,
  lookup?: AttributeKindLookup,
): StripResult {
  const config = cloneJson(original);
  const leftOut: LeftOutBlock[] = [];
  const placeholders: PlaceholderUse[] = [];
  const droppedDependencies: string[] = [];
  const sources = providerSources(config);
  const removedLocals = new Map<string, string>();
  for (const [localName, source] of sources) {
    const reason = removedSources.get(source);
    if (reason !== undefined) removedLocals.set(localName, reason);
  }
  if (removedLocals.size === 0) return { config, leftOut, placeholders, droppedDependencies };

  // Provider configurations and requirements.
  const providers = config.provider;
  for (const [localName, reason] of removedLocals) {
    if (isObject(providers) && providers[localName] !== undefined) {
      const blocks = Array.isArray(providers[localName]) ? (providers[localName] as Json[]) : [providers[localName]];
      for (const block of blocks) {
        const alias = isObject(block) && typeof block.alias === "string" ? `.${block.alias}` : "";
        leftOut.push({ address: `provider.${localName}${alias}`, reason });
      }
      delete providers[localName];
    }
    const terraform = config.terraform;
    if (isObject(terraform) && isObject(terraform.required_providers)) delete terraform.required_providers[localName];
  }
  if (isObject(providers) && Object.keys(providers).length === 0) delete config.provider;

  // Resources and data sources of those providers.
  const removed = new Set<string>();
  for (const block of allBlocks(config)) {
    const reason = removedLocals.get(providerLocalNameOf(block.type, block.body));
    if (reason === undefined) continue;
    const address = blockAddress(block.mode, block.type, block.name);
    removed.add(address);
    leftOut.push({ address, reason });
    const byType = config[block.mode === "data" ? "data" : "resource"] as JsonObject;
    const byName = byType[block.type] as JsonObject;
    delete byName[block.name];
    if (Object.keys(byName).length === 0) delete byType[block.type];
    if (Object.keys(byType).length === 0) delete config[block.mode === "data" ? "data" : "resource"];
  }
  const isRemoved = (address: string) => removed.has(address);

  // Outputs whose value needs a left-out block have nothing left to say.
  if (isObject(config.output)) {
    for (const [name, output] of Object.entries(config.output)) {
      const refs = isObject(output) ? stringsIn(output.value ?? null).flatMap(referencedAddresses).filter(isRemoved) : [];
      if (refs.length > 0) {
        leftOut.push({ address: `output.${name}`, reason: `references left-out ${[...new Set(refs)].join(", ")}` });
        delete config.output[name];
      }
    }
    if (Object.keys(config.output).length === 0) delete config.output;
  }

  // Everything that remains: drop dependencies on left-out blocks, replace references with placeholders.
  const rewrite = (value: Json, where: string, key?: string): Json => {
    if (typeof value === "string") {
      const result = substituteReferences(value, isRemoved, lookup);
      for (const s of result.substituted) placeholders.push({ in: where, reference: s.reference, kind: s.kind });
      return result.value;
    }
    if (Array.isArray(value)) {
      if (key !== undefined && REFERENCE_LIST_KEYS.has(key)) {
        const kept = value.filter((entry) => {
          const address = typeof entry === "string" ? dependencyAddress(entry) : undefined;
          const drop = address !== undefined && isRemoved(address);
          if (drop) droppedDependencies.push(`${where}: ${key} ${entry as string}`);
          return !drop;
        });
        return kept.map((v) => rewrite(v, where));
      }
      return value.map((v) => rewrite(v, where));
    }
    if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (k === "//") continue; // cdktf metadata
        const next = rewrite(v, where, k);
        if (REFERENCE_LIST_KEYS.has(k) && Array.isArray(next) && next.length === 0) delete value[k];
        else value[k] = next;
      }
    }
    return value;
  };
  for (const block of allBlocks(config)) rewrite(block.body, blockAddress(block.mode, block.type, block.name));
  for (const [section, prefix] of [
    ["output", "output."],
    ["module", "module."],
    ["check", "check."],
  ] as const) {
    const blocks = config[section];
    if (isObject(blocks)) for (const [name, body] of Object.entries(blocks)) rewrite(body, `${prefix}${name}`);
  }
  if (isObject(config.provider)) {
    for (const [localName, blocks] of Object.entries(config.provider)) rewrite(blocks, `provider.${localName}`);
  }
  if (config.locals !== undefined) rewrite(config.locals, "locals");

  return { config, leftOut, placeholders, droppedDependencies };
}

/** All strings in a JSON value. */
function stringsIn(value: Json): string[] {
  if (typeof value === "string") return findInterpolations(value).length > 0 ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (isObject(value)) return Object.values(value).flatMap(stringsIn);
  return [];
}
