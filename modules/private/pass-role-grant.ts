import { Grant, grantOnPrincipal } from "../iam/grant";
import { IGrantable } from "../iam/policy-statement";

/**
 * Grants `iam:PassRole` on exactly one role, and only to one service (Databricks guides "Secure access to
 * Kinesis across accounts using IAM roles with an AssumeRole policy" and "Secure access to S3 buckets across
 * accounts using instance profiles with an AssumeRole policy": Databricks passes the cluster's
 * instance-profile role to EC2). Never on `*`: that would let the holder hand any role, admin roles included,
 * to a service it controls.
 */
export function grantPassRole(grantee: IGrantable, roleArn: string, toService = "ec2.amazonaws.com"): Grant {
  return grantOnPrincipal({
    grantee,
    actions: ["iam:PassRole"],
    resourceArns: [roleArn],
    conditions: [{ test: "StringEquals", variable: "iam:PassedToService", values: [toService] }],
  });
}
