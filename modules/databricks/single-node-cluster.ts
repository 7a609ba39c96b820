import { Construct } from "constructs";
import { Cluster } from "@cdktf/provider-databricks/lib/cluster";
import { clusterRuntime, validateAutoterminationMinutes } from "../private/cluster-runtime";
import { ValidationError } from "../private/validation";
import { ClusterCommonProps, DataSecurityMode } from "./autoscaling-cluster";

/**
 * What makes a classic cluster single-node: a driver and no workers, Spark in local mode, and the `ResourceClass` tag.
 * The provider creates its own mounting cluster this way (storage/mounts.go `getCommonClusterObject`, v1.99.0) and
 * tests it so (clusters/resource_cluster_test.go `TestResourceClusterCreate_SingleNode`).
 */
export const SINGLE_NODE_SPARK_CONF: Readonly<Record<string, string>> = {
  "spark.databricks.cluster.profile": "singleNode",
  "spark.master": "local[*]",
};
export const SINGLE_NODE_CUSTOM_TAGS: Readonly<Record<string, string>> = { ResourceClass: "SingleNode" };

/**
 * Props of {@link SingleNodeCluster}. `sparkConf` and `customTags` must not set the single-node keys
 * ({@link SINGLE_NODE_SPARK_CONF}, {@link SINGLE_NODE_CUSTOM_TAGS}): the construct sets them.
 */
export interface SingleNodeClusterProps extends ClusterCommonProps {
  /**
   * The cluster name.
   * @default "Single Node"
   */
  readonly clusterName?: string;
  /**
   * Minutes of inactivity before the cluster stops; 0 never stops it (10-10000 otherwise).
   * @default 10 (as the provider's own mounting cluster)
   */
  readonly autoterminationMinutes?: number;
}

/**
 * A one-node cluster (`num_workers = 0`, Spark in local mode) for small jobs such as running a `databricks_mount`:
 * the provider starts the mount's cluster on every refresh, plan and apply (storage/mounts.go `mountRead`,
 * docs/resources/mount.md on `cluster_id`), which should not be a shared autoscaling cluster.
 *
 * It uses the classic single-node settings (`spark_conf` + `ResourceClass` tag + `num_workers = 0`), not the
 * `is_single_node = true` + `kind = "CLASSIC_PREVIEW"` form of provider 1.99's docs/resources/cluster.md: that form
 * needs the preview enabled in the workspace and, with `kind`, takes only the `DATA_SECURITY_MODE_*` access modes,
 * not the `NONE` mode instance-profile mounts run in.
 */
export class SingleNodeCluster extends Construct {
  public readonly resource: Cluster;

  constructor(scope: Construct, id: string, props: SingleNodeClusterProps = {}) {
    super(scope, id);
    const autotermination = props.autoterminationMinutes ?? 10;
    validateAutoterminationMinutes("SingleNodeCluster.autoterminationMinutes", autotermination);
    refuseKeys("SingleNodeCluster.sparkConf", props.sparkConf, SINGLE_NODE_SPARK_CONF);
    refuseKeys("SingleNodeCluster.customTags", props.customTags, SINGLE_NODE_CUSTOM_TAGS);
    const { nodeTypeId, sparkVersion } = clusterRuntime(this, props);
    this.resource = new Cluster(this, "cluster", {
      provider: props.provider,
      clusterName: props.clusterName ?? "Single Node",
      sparkVersion,
      nodeTypeId,
      autoterminationMinutes: autotermination,
      numWorkers: 0,
      awsAttributes: props.instanceProfileArn !== undefined ? { instanceProfileArn: props.instanceProfileArn } : undefined,
      sparkConf: { ...props.sparkConf, ...SINGLE_NODE_SPARK_CONF },
      dataSecurityMode: props.dataSecurityMode ?? DataSecurityMode.NONE,
      customTags: { ...props.customTags, ...SINGLE_NODE_CUSTOM_TAGS },
    });
  }

  /** The cluster ID. */
  public get clusterId(): string {
    return this.resource.id;
  }
}

function refuseKeys(field: string, given: Record<string, string> | undefined, reserved: Readonly<Record<string, string>>): void {
  const taken = Object.keys(given ?? {}).find((key) => key in reserved);
  if (taken !== undefined) throw new ValidationError(field, taken, "must not set a single-node key: the construct sets it");
}
