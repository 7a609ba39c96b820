import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { Mount } from "@cdktf/provider-databricks/lib/mount";
import { ValidationError, validateBucketName, validateMountName, validateS3Prefix } from "../private/validation";
import { addProviderRuleValidation, checkMount } from "../private/provider-rule-checks";

/** Props of {@link S3Mount}. */
export interface S3MountProps {
  /** The mount name: the bucket appears at `/mnt/<mountName>`. */
  readonly mountName: string;
  /** The bucket to mount. */
  readonly bucketName: string;
  /**
   * The registered instance profile that reaches the bucket (a {@link DatabricksInstanceProfile} ID), for
   * the `s3` block form. Not allowed with `extraConfigs` or `directory`: the `uri` form has no
   * instance profile, the cluster's own profile is used.
   * @default none: `clusterId` must then point at a cluster running on an instance profile
   */
  readonly instanceProfile?: string;
  /**
   * The cluster that performs the mount (the provider starts it on every refresh: prefer a small
   * {@link SingleNodeCluster}). Required by the `uri` form (with `extraConfigs` or `directory`); that cluster
   * must run on an instance profile (`storage/s3.go`, DBX-MOUNT-3 and DBX-MOUNT-5).
   * @default with `instanceProfile`, Databricks creates a small temporary cluster
   */
  readonly clusterId?: string;
  /**
   * A key prefix inside the bucket to mount instead of the whole bucket (`s3a://<bucket>/<directory>`,
   * the `uri` form).
   * @default the whole bucket
   */
  readonly directory?: string;
  /**
   * Hadoop options for the mount, e.g. {@link assumedRoleS3aConf} with `S3aConfTarget.MOUNT`. They select
   * the `uri` form: in provider 1.99 `extra_configs` conflicts with the `s3` block (`storage/resource_mount.go`).
   * @default none
   */
  readonly extraConfigs?: Record<string, string>;
  /**
   * Allow `clusterId` to be a `LEGACY_PASSTHROUGH` cluster. Such a mount fails the provider's `check_path()` on
   * provider >= 1.71.0 (#4590) and, by inference from the Azure AAD passthrough note in docs/resources/mount.md,
   * cannot be created by a service principal, only by a federated user.
   * @default false (synth fails with DBX-MOUNT-4)
   */
  readonly allowOnPassthroughCluster?: boolean;
  /**
   * The workspace-level Databricks provider.
   * @default the stack's default Databricks provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An S3 bucket mounted in DBFS with `databricks_mount`, in one of the two forms provider 1.99 accepts:
 * the `s3` block (`bucket_name` + `instance_profile`, no Hadoop options), or `uri = "s3a://<bucket>[/<dir>]"`
 * with `extra_configs` and the `cluster_id` of a cluster on an instance profile (e.g. an assumed-role
 * mount). The provider's cross-argument rules are checked at synth (see provider-rules.ts).
 */
export class S3Mount extends Construct {
  public readonly resource: Mount;

  constructor(scope: Construct, id: string, props: S3MountProps) {
    super(scope, id);
    validateMountName("S3Mount.mountName", props.mountName);
    validateBucketName("S3Mount.bucketName", props.bucketName);
    validateS3Prefix("S3Mount.directory", props.directory);
    const uriForm = props.extraConfigs !== undefined || props.directory !== undefined;
    if (uriForm && props.instanceProfile !== undefined) {
      throw new ValidationError(
        "S3Mount.instanceProfile",
        props.instanceProfile,
        "must not be set with extraConfigs or directory (the uri form has no instance profile: pass the clusterId of a cluster running on it)",
      );
    }
    this.resource = new Mount(this, "mount", {
      provider: props.provider,
      name: props.mountName,
      clusterId: props.clusterId,
      ...(uriForm
        ? { uri: `s3a://${props.bucketName}${props.directory === undefined ? "" : `/${props.directory}`}`, extraConfigs: props.extraConfigs }
        : { s3: { bucketName: props.bucketName, instanceProfile: props.instanceProfile } }),
    });
    const allow = props.allowOnPassthroughCluster ?? false;
    addProviderRuleValidation(this, () => checkMount(this.resource, allow));
  }

  /** The DBFS path, `/mnt/<mountName>`. */
  public get mountPath(): string {
    return `/mnt/${this.resource.name}`;
  }

  /** The mount's source URI, `s3a://<bucket>[/<directory>]`. */
  public get source(): string {
    return this.resource.source;
  }
}
