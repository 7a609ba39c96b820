/** Look-ups over a built {@link IamModel}. */
import { IamModel, ResourceModel, RoleModel } from "./types";

/** The role with this ARN or name (name must be unique in the model unless `accountId` is given). */
export function findRole(model: IamModel, nameOrArn: string, accountId?: string): RoleModel {
  const byArn = model.roles.get(nameOrArn);
  if (byArn) return byArn;
  const matches = [...model.roles.values()].filter((r) => r.name === nameOrArn && (accountId === undefined || r.accountId === accountId));
  if (matches.length !== 1) {
    throw new Error(
      `iam-model: expected one role "${nameOrArn}"${accountId ? ` in ${accountId}` : ""}, found ${matches.length}; ` +
        `roles: ${[...model.roles.keys()].join(", ") || "(none)"}`,
    );
  }
  return matches[0];
}

/** Resources of a type (`aws_s3_bucket`, `aws_kms_key`...), optionally filtered. */
export function findResources(model: IamModel, type: string, filter: (r: ResourceModel) => boolean = () => true): ResourceModel[] {
  return model.resources.filter((r) => !r.isData && r.type === type && filter(r));
}

/** The single resource of a type matching the filter (throws otherwise). */
export function findResource(model: IamModel, type: string, filter: (r: ResourceModel) => boolean = () => true): ResourceModel {
  const found = findResources(model, type, filter);
  if (found.length !== 1) throw new Error(`iam-model: expected one ${type}, found ${found.length} (${found.map((r) => r.address).join(", ")})`);
  return found[0];
}

/** The role ARN an instance profile (by ARN or name) carries. */
export function roleOfInstanceProfile(model: IamModel, arnOrName: string): string {
  const profile = model.instanceProfiles.get(arnOrName) ?? [...model.instanceProfiles.values()].find((p) => p.name === arnOrName);
  if (!profile) throw new Error(`iam-model: no instance profile "${arnOrName}" (have: ${[...model.instanceProfiles.keys()].join(", ") || "none"})`);
  if (!profile.roleArn) throw new Error(`iam-model: the role of instance profile ${profile.arn} could not be resolved`);
  return profile.roleArn;
}

/** The account a resource ARN belongs to, from the model or the ARN itself (undefined if neither tells). */
export function accountOfResource(model: IamModel, arn: string): string | undefined {
  const owner = resourcePolicyOwnerArn(arn);
  const known = model.resources.find((r) => r.arn === arn || r.arn === owner);
  if (known) return known.accountId;
  const policy = model.resourcePolicies.get(owner);
  if (policy) return policy.accountId;
  const account = arn.split(":")[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/**
 * The ARN whose resource policy governs a request on `arn`: the bucket for an S3 object, the ARN
 * itself otherwise.
 */
export function resourcePolicyOwnerArn(arn: string): string {
  const s3 = /^arn:([\w-]+):s3:::([^/]+)(\/.*)?$/.exec(arn);
  if (s3) return `arn:${s3[1]}:s3:::${s3[2]}`;
  return arn;
}

/** The partition of a region. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-iso-")) return "aws-iso";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  return "aws";
}
