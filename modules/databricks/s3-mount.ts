import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { Mount } from "@cdktf/provider-databricks/lib/mount";
import { ValidationError, isUnresolved, validateBucketName, validateS3Prefix } from "../private/validation";

/** Props of {@link S3Mount}. */
export interface S3MountProps {
  /** The mount name: the bucket appears at `/mnt/<mountName>` (seed 001: `experiments`). */
  readonly mountName: string;
  /** The bucket to mount. */
  readonly bucketName: string;
  /**
   * The registered instance profile used to reach the bucket (a {@link DatabricksInstanceProfile} ID).
   * @default none: `clusterId` must then point at a cluster that can reach the bucket
   */
  readonly instanceProfile?: string;
  /**
   * A cluster that performs the mount.
   * @default Databricks creates a small temporary cluster (with `instanceProfile`)
   */
  readonly clusterId?: string;
  /**
   * A key prefix inside the bucket to mount instead of the whole bucket (seed 004 mounts
   * `s3a://<bucket>/data/hr`). It uses the generic `uri` form of `databricks_mount`, which takes no
   * instance profile, so `clusterId` is then required.
   * @default the whole bucket
   */
  readonly directory?: string;
  /**
   * Hadoop options for the mount, e.g. the assumed-role S3A settings or the passthrough ones.
   * @default none
   */
  readonly extraConfigs?: Record<string, string>;
  /**
   * The workspace-level Databricks provider.
   * @default the stack's default Databricks provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An S3 bucket mounted in DBFS with the current `databricks_mount` resource (s3 block). The seed's
 * `databricks_aws_s3_mount` is deprecated.
 */
export class S3Mount extends Construct {
  public readonly resource: Mount;

  constructor(scope: Construct, id: string, props: S3MountProps) {
    super(scope, id);
    if (!isUnresolved(props.mountName) && !/^[A-Za-z0-9_-]{1,128}$/.test(props.mountName)) {
      throw new ValidationError("S3Mount.mountName", props.mountName, "must be 1-128 characters of letters, digits, _ and - (it becomes /mnt/<name>)");
    }
    validateBucketName("S3Mount.bucketName", props.bucketName);
    validateS3Prefix("S3Mount.directory", props.directory);
    if (props.directory !== undefined && props.clusterId === undefined) {
      throw new ValidationError("S3Mount.clusterId", undefined, "must be set with directory (the uri form of databricks_mount has no instance profile)");
    }
    if (props.instanceProfile === undefined && props.clusterId === undefined) {
      throw new ValidationError("S3Mount.instanceProfile", undefined, "or clusterId must be set so the mount can reach the bucket");
    }
    this.resource = new Mount(this, "mount", {
      provider: props.provider,
      name: props.mountName,
      clusterId: props.clusterId,
      ...(props.directory === undefined
        ? { s3: { bucketName: props.bucketName, instanceProfile: props.clusterId === undefined ? props.instanceProfile : undefined } }
        : { uri: `s3a://${props.bucketName}/${props.directory}` }),
      extraConfigs: props.extraConfigs,
    });
  }

  /** The DBFS path, `/mnt/<mountName>`. */
  public get mountPath(): string {
    return `/mnt/${this.resource.name}`;
  }

  /** The mount's source URI, `s3a://<bucket>`. */
  public get source(): string {
    return this.resource.source;
  }
}
