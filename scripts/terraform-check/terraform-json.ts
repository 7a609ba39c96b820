/**
 * The parts of Terraform's JSON configuration syntax (`cdk.tf.json`) the harness reads and rewrites.
 * Pure helpers: no file system, no processes.
 */
import { SynthesizedBlock, synthesizedBlocks } from "../../modules/private/terraform-json/blocks";

export type { BlockMode } from "../../modules/private/terraform-json/references";
export { blockAddress } from "../../modules/private/terraform-json/references";

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
/** A JSON object. */
export interface JsonObject {
  [key: string]: Json;
}

/** A synthesized stack: top-level Terraform JSON blocks. */
export type TerraformConfig = JsonObject;

/** One resource or data source of a configuration. */
export interface BlockRef extends SynthesizedBlock {
  readonly body: JsonObject;
}

export const DEFAULT_REGISTRY_HOST = "registry.terraform.io";

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A deep copy (the configurations are plain JSON). */
export function cloneJson<T extends Json>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * The fully qualified provider source, as the filesystem mirror lays it out:
 * `aws` -> `registry.terraform.io/hashicorp/aws`, `databricks/databricks` -> `registry.terraform.io/databricks/databricks`.
 */
export function normalizeProviderSource(source: string): string {
  const parts = source.trim().toLowerCase().split("/");
  if (parts.length === 1) return `${DEFAULT_REGISTRY_HOST}/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `${DEFAULT_REGISTRY_HOST}/${parts[0]}/${parts[1]}`;
  return parts.join("/");
}

/** The local provider name a resource or data source uses: its `provider` meta-argument, else the type's first word. */
export function providerLocalNameOf(type: string, body: JsonObject): string {
  const provider = body.provider;
  if (typeof provider === "string" && provider.length > 0) return provider.replace(/^\$\{(.*)\}$/, "$1").split(".")[0];
  return type.split("_")[0];
}

/** Provider configuration blocks of a local name (Terraform JSON allows one object or an array of them). */
export function providerBlocks(config: TerraformConfig, localName: string): JsonObject[] {
  const providers = config.provider;
  if (!isObject(providers)) return [];
  const value = providers[localName];
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** All resources and data sources of a configuration. */
export function allBlocks(config: TerraformConfig): BlockRef[] {
  return synthesizedBlocks(config) as BlockRef[];
}

/**
 * Every provider local name the configuration uses, mapped to its normalized source. Names without
 * a `required_providers` entry get Terraform's implied `hashicorp/<name>`.
 */
export function providerSources(config: TerraformConfig): Map<string, string> {
  const sources = new Map<string, string>();
  const terraform = config.terraform;
  const required = isObject(terraform) ? terraform.required_providers : undefined;
  if (isObject(required)) {
    for (const [localName, requirement] of Object.entries(required)) {
      const source = isObject(requirement) && typeof requirement.source === "string" ? requirement.source : localName;
      sources.set(localName, normalizeProviderSource(source));
    }
  }
  const implied = (localName: string) => {
    if (!sources.has(localName)) sources.set(localName, normalizeProviderSource(localName));
  };
  if (isObject(config.provider)) Object.keys(config.provider).forEach(implied);
  for (const block of allBlocks(config)) implied(providerLocalNameOf(block.type, block.body));
  return sources;
}
