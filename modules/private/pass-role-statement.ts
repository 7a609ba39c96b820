import { PolicyStatement } from "../iam/policy-statement";

/**
 * `iam:PassRole` on exactly one role, and only to one service (seeds 000/001: Databricks passes the
 * cluster's instance-profile role to EC2). Never on `*`: that would let the holder hand any role,
 * admin roles included, to a service it controls.
 */
export function passRoleStatement(roleArn: string, toService = "ec2.amazonaws.com"): PolicyStatement {
  return new PolicyStatement({ actions: ["iam:PassRole"], resources: [roleArn] }).addCondition("StringEquals", "iam:PassedToService", [toService]);
}
