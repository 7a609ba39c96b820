/** The `policy_type` of `databricks_aws_crossaccount_policy`. */
export enum CrossAccountPolicyType {
  /** Databricks-managed VPC (the provider's default). */
  MANAGED = "managed",
  /** Customer-managed VPC. */
  CUSTOMER = "customer",
  /** Customer-managed VPC with actions restricted to one account, region, VPC and security group. */
  RESTRICTED = "restricted",
}
