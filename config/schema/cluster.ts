import { z } from "zod";
import { validateSparkVersion } from "../../modules/private/validation";
import { checkedString, integer, zeroOr } from "./rules";

interface ClusterDefaults {
  readonly name: string;
  readonly minWorkers: number;
  readonly maxWorkers: number;
  readonly autoterminationMinutes: number;
}

/** Autoscaling cluster settings shared by the scenarios' clusters. */
export function clusterFields(defaults: ClusterDefaults) {
  return {
    name: z.string().min(1, { error: "must not be empty" }).default(defaults.name).describe("Cluster name."),
    minWorkers: integer(0, 100000).default(defaults.minWorkers).describe("Minimum workers, 0-100000."),
    maxWorkers: integer(1, 100000).default(defaults.maxWorkers).describe("Maximum workers, 1-100000, at least minWorkers."),
    autoterminationMinutes: zeroOr(10, 10000)
      .default(defaults.autoterminationMinutes)
      .describe("Idle minutes before the cluster stops: 0 (never) or 10-10000."),
  };
}

/** maxWorkers must be at least minWorkers. */
export function checkWorkerRange(cluster: { minWorkers: number; maxWorkers: number }, ctx: z.RefinementCtx): void {
  if (cluster.maxWorkers < cluster.minWorkers) {
    ctx.addIssue({ code: "custom", path: ["maxWorkers"], input: cluster.maxWorkers, message: `must be at least minWorkers (${cluster.minWorkers})` });
  }
}

/** The data-access stack's cluster. */
export const clusterSchema = z
  .strictObject({
    ...clusterFields({ name: "Shared Autoscaling", minWorkers: 1, maxWorkers: 50, autoterminationMinutes: 20 }),
    // databricks_spark_version with long_term_support moves to each new LTS, and the next apply restarts the cluster.
    sparkVersion: checkedString(
      validateSparkVersion,
      "Databricks runtime of the scenarios' clusters (e.g. 15.4.x-scala2.12). Unset: the latest LTS at each plan, so a new LTS restarts the clusters on the next apply.",
    ).optional(),
  })
  .superRefine(checkWorkerRange)
  .prefault({})
  .describe("The data-access stack's autoscaling cluster.");
