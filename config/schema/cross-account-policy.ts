import { z } from "zod";
import { CrossAccountPolicyType } from "../../modules/databricks/cross-account-policy-type";
import { validateSecurityGroupId, validateVpcId } from "../../modules/private/validation";
import { checkedString } from "./rules";

/** The Databricks cross-account policy (`databricks_aws_crossaccount_policy`). */
export const crossAccountPolicySchema = z
  .strictObject({
    policyType: z
      .enum(CrossAccountPolicyType)
      .default(CrossAccountPolicyType.MANAGED)
      .describe("managed (Databricks-managed VPC), customer (customer-managed VPC) or restricted (customer-managed VPC, actions limited to one VPC)."),
    vpcId: checkedString(validateVpcId, "The customer-managed VPC (customer or restricted only; required with restricted).").optional(),
    securityGroupId: checkedString(validateSecurityGroupId, "The workspace security group (customer or restricted only; required with restricted).").optional(),
  })
  .superRefine((policy, ctx) => {
    // Same rules as WorkspaceCrossAccountRole's props, named by config field.
    if (policy.policyType === CrossAccountPolicyType.MANAGED) {
      for (const field of ["vpcId", "securityGroupId"] as const) {
        if (policy[field] !== undefined) {
          ctx.addIssue({ code: "custom", path: [field], input: policy[field], message: "is only used with policyType customer or restricted" });
        }
      }
    }
    if (policy.policyType === CrossAccountPolicyType.RESTRICTED) {
      for (const field of ["vpcId", "securityGroupId"] as const) {
        if (policy[field] === undefined) ctx.addIssue({ code: "custom", path: [field], input: undefined, message: "is required with policyType restricted" });
      }
    }
  })
  .prefault({})
  .describe("The Databricks cross-account policy (databricks_aws_crossaccount_policy).");
