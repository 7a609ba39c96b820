import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { Cluster } from "@cdktf/provider-databricks/lib/cluster";
import { clusterRuntime, validateAutoterminationMinutes } from "../private/cluster-runtime";
import { ValidationError, isUnresolved, validateIntegerRange } from "../private/validation";
import { DataSecurityMode } from "./data-security-mode";
// Declared without cdktf, so the app config can use it before cdktf is loaded.
export { DataSecurityMode } from "./data-security-mode";

/** Databricks' bound on autoscaling clusters' worker count. */
export const MAX_CLUSTER_WORKERS = 100000;

/** What every cluster construct of this library takes ({@link AutoscalingCluster}, {@link SingleNodeCluster}). */
export interface ClusterCommonProps {
  /**
   * The instance profile nodes run with (a {@link DatabricksInstanceProfile} ID).
   * @default none
   */
  readonly instanceProfileArn?: string;
  /**
   * Spark configuration, e.g. assumed-role S3A settings ({@link assumedRoleS3aConf}) or passthrough settings.
   * @default none
   */
  readonly sparkConf?: Record<string, string>;
  /**
   * The node type.
   * @default the smallest node type with local disk (`databricks_node_type`)
   */
  readonly nodeTypeId?: string;
  /**
   * The runtime version. The default follows each new LTS release (the next apply then restarts the cluster):
   * set it to pin the runtime.
   * @default the latest LTS runtime (`databricks_spark_version` with `long_term_support`)
   */
  readonly sparkVersion?: string;
  /**
   * The cluster's access mode (`data_security_mode`), always written out.
   * @default DataSecurityMode.NONE (instance-profile access with custom S3A settings and mounts)
   */
  readonly dataSecurityMode?: DataSecurityMode;
  /**
   * Tags on the cluster's cloud resources.
   * @default none
   */
  readonly customTags?: Record<string, string>;
  /**
   * The workspace-level Databricks provider.
   * @default the stack's default Databricks provider
   */
  readonly provider?: TerraformProvider;
}

/** Props of {@link AutoscalingCluster}. */
export interface AutoscalingClusterProps extends ClusterCommonProps {
  /**
   * The cluster name.
   * @default "Shared Autoscaling"
   */
  readonly clusterName?: string;
  /**
   * Minimum workers.
   * @default 1
   */
  readonly minWorkers?: number;
  /**
   * Maximum workers (at least `minWorkers`).
   * @default 50
   */
  readonly maxWorkers?: number;
  /**
   * Minutes of inactivity before the cluster stops; 0 never stops it (10-10000 otherwise).
   * @default 20
   */
  readonly autoterminationMinutes?: number;
}

/**
 * The shared autoscaling cluster of the Databricks Terraform provider's `databricks_cluster` docs example:
 * smallest node type with local disk, latest LTS runtime, autoscaling 1..50 workers, stopping after 20 idle
 * minutes, on a data-access instance profile.
 */
export class AutoscalingCluster extends Construct {
  public readonly resource: Cluster;

  constructor(scope: Construct, id: string, props: AutoscalingClusterProps = {}) {
    super(scope, id);
    const minWorkers = props.minWorkers ?? 1;
    const maxWorkers = props.maxWorkers ?? 50;
    const autotermination = props.autoterminationMinutes ?? 20;
    validateIntegerRange("AutoscalingCluster.minWorkers", minWorkers, 0, MAX_CLUSTER_WORKERS);
    validateIntegerRange("AutoscalingCluster.maxWorkers", maxWorkers, 1, MAX_CLUSTER_WORKERS);
    if (!isUnresolved(minWorkers) && !isUnresolved(maxWorkers) && maxWorkers < minWorkers) {
      throw new ValidationError("AutoscalingCluster.maxWorkers", maxWorkers, `must be at least minWorkers (${minWorkers})`);
    }
    validateAutoterminationMinutes("AutoscalingCluster.autoterminationMinutes", autotermination);
    const { nodeTypeId, sparkVersion } = clusterRuntime(this, props);
    this.resource = new Cluster(this, "cluster", {
      provider: props.provider,
      clusterName: props.clusterName ?? "Shared Autoscaling",
      sparkVersion,
      nodeTypeId,
      autoterminationMinutes: autotermination,
      autoscale: { minWorkers, maxWorkers },
      awsAttributes: props.instanceProfileArn !== undefined ? { instanceProfileArn: props.instanceProfileArn } : undefined,
      sparkConf: props.sparkConf,
      // Explicit, never the workspace default: instance-profile access with custom S3A credentials and mounts
      // needs the no-isolation mode; passthrough clusters pass LEGACY_PASSTHROUGH.
      dataSecurityMode: props.dataSecurityMode ?? DataSecurityMode.NONE,
      customTags: props.customTags,
    });
  }

  /** The cluster ID. */
  public get clusterId(): string {
    return this.resource.id;
  }
}
