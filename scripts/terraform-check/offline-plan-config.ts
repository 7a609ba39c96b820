/**
 * Rewrites a configuration so `terraform plan` runs without credentials and cannot reach AWS:
 * mock keys, every account/credential/metadata lookup skipped, every service endpoint on a closed
 * loopback port, and a local state file in the temp dir. Pure: no file system, no processes.
 */
import { JsonObject, TerraformConfig, cloneJson, isObject, normalizeProviderSource, providerBlocks, providerSources } from "./terraform-json";

export const AWS_PROVIDER_SOURCE = normalizeProviderSource("hashicorp/aws");

/** Provider arguments that would fetch credentials, reach other hosts, or need the real account. */
const REMOVED_PROVIDER_ARGUMENTS = [
  "assume_role",
  "assume_role_with_web_identity",
  "profile",
  "shared_config_files",
  "shared_credentials_files",
  "token",
  "custom_ca_bundle",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "ec2_metadata_service_endpoint",
  "ec2_metadata_service_endpoint_mode",
] as const;

/** Options of {@link toOfflinePlanConfig}. */
export interface OfflinePlanOptions {
  /** Every key of the AWS provider's `endpoints` block (from `terraform providers schema -json`). */
  readonly endpointKeys: readonly string[];
  /** Where every endpoint points, e.g. `http://127.0.0.1:<closed port>`. */
  readonly endpointUrl: string;
  /** The state file of the local backend that replaces the synthesized one. */
  readonly statePath: string;
}

/** The plan copy, and what differs from the validated copy beyond the provider credentials. */
export interface OfflinePlanConfig {
  readonly config: TerraformConfig;
  readonly notes: readonly string[];
}

/** Rewrites every AWS provider block (by source, whatever its local name) and the backend. */
export function toOfflinePlanConfig(original: TerraformConfig, options: OfflinePlanOptions): OfflinePlanConfig {
  const config = cloneJson(original);
  const notes: string[] = [];
  const endpoints: JsonObject = {};
  for (const key of options.endpointKeys) endpoints[key] = options.endpointUrl;
  let droppedAllowedAccounts = 0;
  for (const [localName, source] of providerSources(config)) {
    if (source !== AWS_PROVIDER_SOURCE) continue;
    for (const provider of providerBlocks(config, localName)) {
      for (const argument of REMOVED_PROVIDER_ARGUMENTS) delete provider[argument];
      if (provider.allowed_account_ids !== undefined) {
        // With skip_requesting_account_id the provider knows no account ID, and allowed_account_ids then
        // rejects every plan ("AWS account ID not allowed: "). The validated copy keeps the pin.
        delete provider.allowed_account_ids;
        droppedAllowedAccounts++;
      }
      Object.assign(provider, {
        access_key: "mock",
        secret_key: "mock",
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: "true",
        skip_region_validation: true,
        max_retries: 1,
        endpoints: [{ ...endpoints }],
      });
    }
  }
  if (droppedAllowedAccounts > 0) {
    notes.push(
      `allowed_account_ids dropped from ${droppedAllowedAccounts} AWS provider block(s) in the plan copy only ` +
        `(offline the provider requests no account ID and would reject every plan)`,
    );
  }
  const terraform = isObject(config.terraform) ? config.terraform : (config.terraform = {});
  const backend = isObject(terraform.backend) ? Object.keys(terraform.backend)[0] : undefined;
  if (backend !== undefined && backend !== "local") notes.push(`backend "${backend}" replaced by a local backend in the temp dir`);
  if (terraform.cloud !== undefined) {
    notes.push("HCP Terraform `cloud` block replaced by a local backend in the temp dir");
    delete terraform.cloud;
  }
  // A fresh state: the plan shows what a first apply creates, whatever state files exist elsewhere.
  terraform.backend = { local: { path: options.statePath } };

  const unvalidated = placeholderVariables(config).filter((v) => v.hadValidation);
  for (const v of unvalidated) {
    delete ((config.variable as JsonObject)[v.name] as JsonObject).validation;
  }
  if (unvalidated.length > 0) {
    notes.push(`validation rules of placeholder variables dropped in the plan copy: ${unvalidated.map((v) => v.name).join(", ")}`);
  }
  return { config, notes };
}

/** A root variable without a default, and the `-var` value the plan passes for it. */
export interface PlaceholderVariable {
  readonly name: string;
  /** The value as `-var name=<value>` takes it (HCL for non-string types). */
  readonly value: string;
  readonly hadValidation: boolean;
}

/** Placeholders for root variables without a default, typed by the variable's `type`. */
export function placeholderVariables(config: TerraformConfig): PlaceholderVariable[] {
  const variables = config.variable;
  if (!isObject(variables)) return [];
  const result: PlaceholderVariable[] = [];
  for (const [name, variable] of Object.entries(variables)) {
    if (!isObject(variable) || variable.default !== undefined) continue;
    const type = typeof variable.type === "string" ? variable.type.replace(/^\$\{(.*)\}$/, "$1").trim() : "string";
    let value = "terraform-check-placeholder";
    if (type === "number") value = "0";
    else if (type === "bool") value = "false";
    else if (/^(list|set|tuple)\b/.test(type)) value = "[]";
    else if (/^(map|object)\b/.test(type)) value = "{}";
    result.push({ name, value, hadValidation: variable.validation !== undefined });
  }
  return result;
}

/** The `-var` arguments for {@link placeholderVariables}. */
export function placeholderVarArgs(config: TerraformConfig): string[] {
  return placeholderVariables(config).flatMap((v) => ["-var", `${v.name}=${v.value}`]);
}

/** Whether a URL points at this machine only. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

/**
 * Problems that would let the plan copy reach beyond this machine or use real credentials; empty
 * when every AWS provider block is mocked and every endpoint key is set to a loopback URL. Other
 * providers are listed by {@link providersNotRewritten}.
 */
export function offlineProblems(config: TerraformConfig, endpointKeys: readonly string[]): string[] {
  const problems: string[] = [];
  if (endpointKeys.length === 0) problems.push("no AWS endpoint keys known (provider schema missing)");
  for (const [localName, source] of providerSources(config)) {
    if (source !== AWS_PROVIDER_SOURCE) continue;
    const blocks = providerBlocks(config, localName);
    // A resource of this provider without any provider block would get an unconfigured default provider.
    if (blocks.length === 0) problems.push(`provider ${localName} has no configuration block to rewrite`);
    blocks.forEach((provider, i) => {
      const label = `provider ${localName}[${i}]${typeof provider.alias === "string" ? ` (alias ${provider.alias})` : ""}`;
      for (const argument of REMOVED_PROVIDER_ARGUMENTS) {
        if (provider[argument] !== undefined) problems.push(`${label} still sets ${argument}`);
      }
      if (provider.access_key !== "mock" || provider.secret_key !== "mock") problems.push(`${label} does not use mock credentials`);
      if (provider.skip_requesting_account_id !== true) problems.push(`${label} would request the account ID`);
      if (provider.skip_credentials_validation !== true) problems.push(`${label} would validate credentials`);
      if (provider.skip_metadata_api_check !== "true") problems.push(`${label} would query the EC2 metadata API`);
      const endpoints = Array.isArray(provider.endpoints) && isObject(provider.endpoints[0]) ? provider.endpoints[0] : undefined;
      if (!endpoints || provider.endpoints === undefined || (provider.endpoints as unknown[]).length !== 1) {
        problems.push(`${label} has no single endpoints block`);
        return;
      }
      const missing = endpointKeys.filter((k) => typeof endpoints[k] !== "string" || !isLoopbackUrl(endpoints[k] as string));
      if (missing.length > 0) problems.push(`${label} has ${missing.length} endpoint(s) not on loopback, e.g. ${missing.slice(0, 3).join(", ")}`);
    });
  }
  return problems;
}

/** Providers other than AWS that stay in the plan copy: nothing here keeps them offline, only network isolation does. */
export function providersNotRewritten(config: TerraformConfig): string[] {
  return [...providerSources(config)].filter(([, source]) => source !== AWS_PROVIDER_SOURCE).map(([, source]) => source);
}
