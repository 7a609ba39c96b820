// The synth-time checks of the DatabricksProviderRules (modules/databricks/provider-rules.ts), run by the constructs.
import { IConstruct } from "constructs";
import { DefaultTokenResolver, StringConcat, TerraformStack, Tokenization } from "cdktf";
import { Cluster } from "@cdktf/provider-databricks/lib/cluster";
import { InstanceProfile } from "@cdktf/provider-databricks/lib/instance-profile";
import { Mount } from "@cdktf/provider-databricks/lib/mount";
import {
  DatabricksProviderRule,
  MOUNT_STORAGE_BLOCK_CONFLICT,
  URI_MOUNT_NEEDS_CLUSTER,
  MOUNT_ON_PASSTHROUGH_CLUSTER,
  INSTANCE_PROFILE_NEEDS_ROLE_ARN,
  S3_MOUNT_CLUSTER_NEEDS_PROFILE,
  S3_MOUNT_NEEDS_PROFILE_OR_CLUSTER,
} from "../databricks/provider-rules";

/** The storage blocks of `databricks_mount`: at most one, and never with `uri` or `extra_configs`. */
const MOUNT_STORAGE_BLOCKS = ["s3", "abfs", "wasb", "adl", "gs"] as const;

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

/** Whether the provider treats the mount as S3 (storage/s3.go l.52: an s3:// or s3a:// uri, or the s3 block). */
function isS3Mount(args: Record<string, any>): boolean {
  const uri = args.uri;
  return present(args.s3) || (typeof uri === "string" && (uri.startsWith("s3://") || uri.startsWith("s3a://")));
}

/**
 * The mount rules DBX-MOUNT-1..5 for one `databricks_mount`. `allowOnPassthroughCluster` waives
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
  if (!present(s3Block) && isS3Mount(args) && !present(args.cluster_id)) errors.push(report(URI_MOUNT_NEEDS_CLUSTER, path));
  const cluster = present(args.cluster_id) ? clusterOf(mount, args.cluster_id) : undefined;
  if (!allowOnPassthroughCluster && cluster?.data_security_mode === LEGACY_PASSTHROUGH) {
    errors.push(report(MOUNT_ON_PASSTHROUGH_CLUSTER, path));
  }
  if (cluster !== undefined && isS3Mount(args) && !present(cluster.aws_attributes?.instance_profile_arn)) {
    errors.push(report(S3_MOUNT_CLUSTER_NEEDS_PROFILE, path));
  }
  return errors;
}

/**
 * The synthesized arguments of the cluster a mount's `cluster_id` references, when that cluster is a
 * `databricks_cluster` of the same stack (compared as resolved references).
 */
function clusterOf(mount: Mount, clusterId: string): Record<string, any> | undefined {
  const stack = TerraformStack.of(mount);
  const resolve = (value: string): unknown =>
    Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()), preparing: false });
  const reference = resolve(clusterId);
  for (const node of stack.node.findAll()) {
    if (node instanceof Cluster && resolve(node.id) === reference) return synthesizedArguments(node);
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
