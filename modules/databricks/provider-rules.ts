import { IConstruct } from "constructs";
import { DefaultTokenResolver, StringConcat, TerraformStack, Tokenization } from "cdktf";
import { Cluster } from "@cdktf/provider-databricks/lib/cluster";
import { InstanceProfile } from "@cdktf/provider-databricks/lib/instance-profile";
import { Mount } from "@cdktf/provider-databricks/lib/mount";

/**
 * Cross-argument rules the databricks provider (1.99.0) enforces only in its Go code, at plan or apply.
 * Constructs check them at synth with `node.addValidation`, so a wrong combination never ships.
 * Each rule names the provider source it mirrors; docs/synth-checks.md lists them.
 */
export interface DatabricksProviderRule {
  /** Stable ID, e.g. `DBX-MOUNT-1`. */
  readonly id: string;
  /** The error, as reported at synth. */
  readonly message: string;
  /** Where the provider enforces it (file at tag v1.99.0, or doc page). */
  readonly source: string;
}

/** The storage blocks of `databricks_mount`: at most one, and never with `uri` or `extra_configs`. */
export const MOUNT_STORAGE_BLOCKS = ["s3", "abfs", "wasb", "adl", "gs"] as const;

export const MOUNT_STORAGE_BLOCK_CONFLICT: DatabricksProviderRule = {
  id: "DBX-MOUNT-1",
  message:
    "databricks_mount takes either one storage block (s3, abfs, wasb, adl, gs) or uri + extra_configs, never both: " +
    'the provider stops plan with "Conflicting configuration arguments"',
  // ResourceDatabricksMountSchema: extra_configs and uri ConflictsWith every storage block, and the reverse.
  source: "storage/resource_mount.go",
};

export const S3_MOUNT_NEEDS_PROFILE_OR_CLUSTER: DatabricksProviderRule = {
  id: "DBX-MOUNT-2",
  message:
    "an S3 databricks_mount needs s3.instance_profile or cluster_id: the provider fails with " +
    '"either cluster_id or instance_profile must be specified to mount S3 bucket"',
  // preprocessS3MountGeneric.
  source: "storage/s3.go",
};

export const URI_MOUNT_NEEDS_CLUSTER: DatabricksProviderRule = {
  id: "DBX-MOUNT-3",
  message:
    "a databricks_mount with uri needs cluster_id: only the s3 block carries an instance profile, so the mount " +
    "must run on a cluster that has one",
  // preprocessS3MountGeneric reads instance_profile from the s3 block only; GenericMount has no other.
  source: "storage/s3.go, storage/generic_mounts.go",
};

export const MOUNT_ON_PASSTHROUGH_CLUSTER: DatabricksProviderRule = {
  id: "DBX-MOUNT-4",
  message:
    "a databricks_mount must not run on a LEGACY_PASSTHROUGH cluster: the provider checks each new mount with " +
    "check_path() (JVM calls a passthrough cluster blocks), and passthrough mounts cannot be created by a service " +
    "principal; set allowOnPassthroughCluster only if a federated user applies it",
  // safe_mount → check_path (since provider 1.71, #4590); docs/resources/mount.md on passthrough mounts.
  source: "storage/mounts.go, docs/resources/mount.md",
};

export const INSTANCE_PROFILE_NEEDS_ROLE_ARN: DatabricksProviderRule = {
  id: "DBX-IP-1",
  message:
    "databricks_instance_profile needs iam_role_arn when the instance profile and role names differ: Databricks " +
    "cannot derive the role from the profile ARN",
  // iam_role_arn "is required if your role name and instance profile name do not match"; on update the
  // provider sends the profile ARN as iam_role_arn when none is set (InstanceProfilesAPI.Update).
  source: "docs/resources/instance_profile.md, aws/resource_instance_profile.go",
};

/** Every rule, for docs and tests. */
export const DATABRICKS_PROVIDER_RULES: readonly DatabricksProviderRule[] = [
  MOUNT_STORAGE_BLOCK_CONFLICT,
  S3_MOUNT_NEEDS_PROFILE_OR_CLUSTER,
  URI_MOUNT_NEEDS_CLUSTER,
  MOUNT_ON_PASSTHROUGH_CLUSTER,
  INSTANCE_PROFILE_NEEDS_ROLE_ARN,
];

/** The `data_security_mode` of IAM credential passthrough clusters. */
export const LEGACY_PASSTHROUGH = "LEGACY_PASSTHROUGH";

function report(rule: DatabricksProviderRule, path: string): string {
  return `[${rule.id}] ${path}: ${rule.message} (${rule.source})`;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
}

/** The block's arguments as they synthesize (escape-hatch overrides included). */
function synthesizedArguments(resource: Mount | InstanceProfile | Cluster): Record<string, any> {
  const json = resource.toTerraform() as { resource: Record<string, Record<string, Record<string, any>>> };
  const blocks = Object.values(json.resource)[0];
  return Object.values(blocks)[0];
}

/**
 * The mount rules DBX-MOUNT-1..4 for one `databricks_mount`. `allowOnPassthroughCluster` waives
 * DBX-MOUNT-4. Returns the errors, empty when the mount is valid.
 */
export function checkMount(mount: Mount, allowOnPassthroughCluster = false): string[] {
  const args = synthesizedArguments(mount);
  const path = mount.node.path;
  const errors: string[] = [];
  const blocks = MOUNT_STORAGE_BLOCKS.filter((b) => present(args[b]));
  if (blocks.length > 1 || (blocks.length === 1 && (present(args.uri) || present(args.extra_configs)))) {
    errors.push(report(MOUNT_STORAGE_BLOCK_CONFLICT, path));
  }
  const s3Block = args.s3 as { instance_profile?: string } | undefined;
  if (present(s3Block) && !present(s3Block?.instance_profile) && !present(args.cluster_id)) {
    errors.push(report(S3_MOUNT_NEEDS_PROFILE_OR_CLUSTER, path));
  }
  if (present(args.uri) && !present(args.cluster_id)) errors.push(report(URI_MOUNT_NEEDS_CLUSTER, path));
  if (!allowOnPassthroughCluster && present(args.cluster_id) && clusterModeOf(mount, args.cluster_id) === LEGACY_PASSTHROUGH) {
    errors.push(report(MOUNT_ON_PASSTHROUGH_CLUSTER, path));
  }
  return errors;
}

/**
 * The `data_security_mode` of the cluster a mount's `cluster_id` references, when that cluster is a
 * `databricks_cluster` of the same stack (compared as resolved references).
 */
function clusterModeOf(mount: Mount, clusterId: string): string | undefined {
  const stack = TerraformStack.of(mount);
  const resolve = (value: string): unknown =>
    Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()), preparing: false });
  const reference = resolve(clusterId);
  for (const node of stack.node.findAll()) {
    if (node instanceof Cluster && resolve(node.id) === reference) {
      return synthesizedArguments(node).data_security_mode;
    }
  }
  return undefined;
}

/** The name in an IAM ARN's resource part (`role/name`, `instance-profile/path/name`), if literal. */
function nameOfArn(arn: unknown): string | undefined {
  if (typeof arn !== "string" || arn.includes("${")) return undefined;
  const match = /:(?:role|instance-profile)\/(?:.*\/)?([^/]+)$/.exec(arn);
  return match?.[1];
}

/**
 * DBX-IP-1 for one `databricks_instance_profile`. Names are taken from `names` when the ARNs are
 * references, else parsed from the ARNs; unknown names pass.
 */
export function checkInstanceProfile(profile: InstanceProfile, names: { readonly instanceProfileName?: string; readonly roleName?: string } = {}): string[] {
  const args = synthesizedArguments(profile);
  if (present(args.iam_role_arn)) return [];
  const profileName = names.instanceProfileName ?? nameOfArn(args.instance_profile_arn);
  const roleName = names.roleName;
  if (profileName === undefined || roleName === undefined || profileName === roleName) return [];
  return [report(INSTANCE_PROFILE_NEEDS_ROLE_ARN, profile.node.path)];
}

/** Adds a validation that runs `check` at synth (cdktf tier 2: the whole tree exists by then). */
export function addProviderRuleValidation(scope: IConstruct, check: () => string[]): void {
  scope.node.addValidation({ validate: check });
}
