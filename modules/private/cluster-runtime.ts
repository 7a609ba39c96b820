import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { DataDatabricksNodeType } from "@cdktf/provider-databricks/lib/data-databricks-node-type";
import { DataDatabricksSparkVersion } from "@cdktf/provider-databricks/lib/data-databricks-spark-version";
import { isUnresolved, validateIntegerRange } from "./validation";

/** What a cluster construct runs on, given or looked up. */
export interface ClusterRuntimeProps {
  readonly provider?: TerraformProvider;
  readonly nodeTypeId?: string;
  readonly sparkVersion?: string;
}

/**
 * The node type and runtime of a cluster construct: the given ones, or the smallest node type with local disk
 * (`databricks_node_type`) and the latest LTS runtime (`databricks_spark_version` with `long_term_support`), as in
 * the provider's docs/resources/cluster.md examples. The LTS data source moves to each new LTS when Databricks
 * releases one, and the next apply then edits (restarts) the cluster; pass `sparkVersion` to pin it.
 */
export function clusterRuntime(scope: Construct, props: ClusterRuntimeProps): { nodeTypeId: string; sparkVersion: string } {
  const nodeTypeId = props.nodeTypeId ?? new DataDatabricksNodeType(scope, "smallest", { provider: props.provider, localDisk: true }).id;
  const sparkVersion =
    props.sparkVersion ?? new DataDatabricksSparkVersion(scope, "latest-lts", { provider: props.provider, longTermSupport: true }).id;
  return { nodeTypeId, sparkVersion };
}

/** `autotermination_minutes`: 0 (never) or 10-10000 (provider docs/resources/cluster.md). */
export function validateAutoterminationMinutes(field: string, minutes: number): void {
  if (!isUnresolved(minutes) && minutes !== 0) validateIntegerRange(field, minutes, 10, 10000);
}
