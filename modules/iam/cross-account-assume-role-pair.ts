import { Construct } from "constructs";
import { AwsAccount } from "../account/aws-account-provider";
import { InstanceProfileRole } from "./instance-profile-role";
import { grantOnPrincipal } from "./grant";
import { PolicyStatement } from "./policy-statement";
import { Role } from "./role";
import { ValidationError, validateExternalId, validateRoleName } from "../private/validation";

/** Props of {@link CrossAccountAssumeRolePair}. */
export interface CrossAccountAssumeRolePairProps {
  /** Account A, where the compute runs (the Databricks workspace account). */
  readonly sourceAccount: AwsAccount;
  /** Account B, which owns the data; it must have a provider of its own (an aliased {@link AwsAccountProvider}). */
  readonly targetAccount: AwsAccount;
  /**
   * Name of the EC2-trusted role in A (Databricks guide "Secure access to S3 buckets across accounts using
   * instance profiles with an AssumeRole policy": `MyRoleA`; Databricks guide "Secure access to Kinesis across
   * accounts using IAM roles with an AssumeRole policy": `DatabricksToKinesisAssumeRole`).
   */
  readonly sourceRoleName: string;
  /**
   * Name of the instance profile of the role in A.
   * @default the source role name (what the S3 and Kinesis AssumeRole guides use: `instance-profile/MyRoleA`)
   */
  readonly instanceProfileName?: string;
  /**
   * Name of the role in B (the S3 AssumeRole guide: `MyRoleB`, the Kinesis AssumeRole guide:
   * `KinesisCrossAccountRole`).
   */
  readonly targetRoleName: string;
  /**
   * An external ID the role in A must present when assuming the role in B (`sts:ExternalId`).
   * @default none: the trust names one role ARN, which is what the AssumeRole guides do
   */
  readonly externalId?: string;
  /**
   * Maximum session duration of the role in B, in seconds (3600-43200).
   * @default 3600
   */
  readonly maxSessionDurationSeconds?: number;
  /**
   * What the pair is for; used in both roles' descriptions.
   * @default "cross-account access"
   */
  readonly purpose?: string;
  /**
   * Tags on both roles and the instance profile.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * The assume-role pair of the S3 and Kinesis AssumeRole guides: an EC2-trusted role in account A with an
 * instance profile and an inline `sts:AssumeRole` on exactly the role in B, and the role in B trusting exactly
 * that role ARN (never A's account root), optionally with an external ID. Grant data access to
 * {@link targetRole}; register {@link sourceRole}'s instance profile in Databricks.
 */
export class CrossAccountAssumeRolePair extends Construct {
  /** The role in A, with its instance profile (the cluster's identity). */
  public readonly sourceRole: InstanceProfileRole;
  /** The role in B (the data-access identity); an `IGrantable` for bucket and stream grants. */
  public readonly targetRole: Role;
  /** The statement on the source role that allows assuming the target role. */
  public readonly assumeRoleStatement: PolicyStatement;
  /** The external ID the target role requires, if any. */
  public readonly externalId?: string;
  /** Name of the role in B. */
  public readonly targetRoleName: string;

  constructor(scope: Construct, id: string, props: CrossAccountAssumeRolePairProps) {
    super(scope, id);
    validateRoleName("CrossAccountAssumeRolePair.sourceRoleName", props.sourceRoleName);
    validateRoleName("CrossAccountAssumeRolePair.targetRoleName", props.targetRoleName);
    // Checked here so the message names this construct's prop, not the inner Role's.
    validateExternalId("CrossAccountAssumeRolePair.externalId", props.externalId);
    if (props.sourceAccount.accountId === props.targetAccount.accountId) {
      throw new ValidationError(
        "CrossAccountAssumeRolePair.targetAccount",
        props.targetAccount.accountId,
        "must differ from sourceAccount (an assume-role pair crosses accounts; within one account grant the role directly)",
      );
    }
    if (props.sourceAccount.provider === props.targetAccount.provider) {
      // Both undefined means both on the stack's default provider: the "B" role would land in A.
      throw new ValidationError(
        "CrossAccountAssumeRolePair.targetAccount.provider",
        props.targetAccount.provider?.alias ?? "default",
        "must be a provider of its own for the target account (an aliased AwsAccountProvider), not the source account's",
      );
    }
    if (props.targetAccount.provider?.alias === undefined) {
      // The source account normally holds the stack's default provider; a second default one fails `terraform init`.
      throw new ValidationError(
        "CrossAccountAssumeRolePair.targetAccount.provider",
        "default",
        "must be an aliased provider (an AwsAccountProvider with alias): the target account cannot use the stack's default provider",
      );
    }
    const purpose = props.purpose ?? "cross-account access";
    this.externalId = props.externalId;
    this.targetRoleName = props.targetRoleName;

    this.sourceRole = new InstanceProfileRole(this, "source", {
      account: props.sourceAccount,
      roleName: props.sourceRoleName,
      instanceProfileName: props.instanceProfileName,
      description: `EC2 role that assumes ${props.targetRoleName} in ${props.targetAccount.accountId} for ${purpose}`,
      tags: props.tags,
    });
    this.targetRole = new Role(this, "target", {
      account: props.targetAccount,
      roleName: props.targetRoleName,
      // Exactly the role in A: trusting A's root would let any principal A's admins allow assume it.
      assumedBy: [this.sourceRole.role],
      externalId: props.externalId,
      maxSessionDurationSeconds: props.maxSessionDurationSeconds,
      description: `Assumed by ${props.sourceRoleName} in ${props.sourceAccount.accountId} for ${purpose}`,
      tags: props.tags,
    });
    this.assumeRoleStatement = grantOnPrincipal({ grantee: this.sourceRole.role, actions: ["sts:AssumeRole"], resourceArns: [this.targetRole.roleArn] })
      .principalStatement!;
  }

  /** ARN of the role in A. */
  public get sourceRoleArn(): string {
    return this.sourceRole.roleArn;
  }

  /** ARN of the role in B (what Spark's `roleArn` / `fs.s3a.assumed.role.arn` name). */
  public get targetRoleArn(): string {
    return this.targetRole.roleArn;
  }

  /**
   * ARN of the role in B as a literal, known at synth time (path `/`, its name, account B's partition),
   * for generated text such as a notebook's source.
   */
  public get knownTargetRoleArn(): string {
    return `arn:${this.targetRole.account.partition}:iam::${this.targetRole.account.accountId}:role/${this.targetRoleName}`;
  }

  /** ARN of the instance profile of the role in A (what Databricks registers). */
  public get instanceProfileArn(): string {
    return this.sourceRole.instanceProfileArn;
  }
}
