import { PolicyStatement } from "../iam/policy-statement";

/**
 * `iam:PassRole` on exactly one role, and only to one service (Databricks guides "Secure access to Kinesis
 * across accounts using IAM roles with an AssumeRole policy" and "Secure access to S3 buckets across accounts
 * using instance profiles with an AssumeRole policy": Databricks passes the cluster's instance-profile role to
 * EC2). Never on `*`: that would let the holder hand any role, admin roles included, to a service it controls.
 */
export function passRoleStatement(roleArn: string, toService = "ec2.amazonaws.com"): PolicyStatement {
  return new PolicyStatement({ actions: ["iam:PassRole"], resources: [roleArn] }).addCondition("StringEquals", "iam:PassedToService", [toService]);
}
