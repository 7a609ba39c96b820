import { Construct } from "constructs";
import { TerraformProvider, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  ValidationError,
  partitionOf,
  validateAccountId,
  validateRegion,
  validateRoleArn,
  validateExternalId,
  validateArnInAccount,
} from "../private/validation";
import { refuseChecksAboveStack } from "../security/app-level-guard";

/**
 * An AWS account as the constructs see it: the account ID and region they create resources in,
 * and the (possibly aliased) provider that creates them there. Knowing the account statically lets
 * grants decide when a resource policy is needed and lets the proofs resolve ARNs before apply.
 */
export interface AwsAccount {
  /** The 12-digit account ID. */
  readonly accountId: string;
  /** The region resources are created in. */
  readonly region: string;
  /** The ARN partition (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition: string;
  /**
   * The provider that creates resources in this account.
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** Props of {@link AwsAccountProvider}. */
export interface AwsAccountProviderProps {
  /** The 12-digit account the provider must operate in; enforced with `allowed_account_ids`. */
  readonly accountId: string;
  /** The provider's region. */
  readonly region: string;
  /**
   * Provider alias; set it for every account but the stack's default one.
   * @default no alias (the default AWS provider)
   */
  readonly alias?: string;
  /**
   * The ARN of a role in `accountId` that the provider assumes, e.g.
   * `arn:aws:iam::444455556666:role/OrganizationAccountAccessRole` (a role name alone is refused).
   * @default no role: the credentials of the environment or `profile` are used as they are
   */
  readonly assumeRoleArn?: string;
  /**
   * External ID sent when assuming `assumeRoleArn`.
   * @default none
   */
  readonly assumeRoleExternalId?: string;
  /**
   * Session name used when assuming `assumeRoleArn`.
   * @default "cdktf-databricks-data-access"
   */
  readonly assumeRoleSessionName?: string;
  /**
   * A named profile from the shared AWS config files.
   * @default none: environment credentials
   */
  readonly profile?: string;
  /**
   * Tags put on every taggable resource this provider creates.
   * @default no default tags
   */
  readonly defaultTags?: Record<string, string>;
}

/**
 * An AWS provider pinned to one account (`allowed_account_ids`), optionally aliased and reaching
 * its account through an assumed role or a profile. Use one per account; pass it as `account`
 * to the constructs so every resource lands in the account it was meant for.
 */
export class AwsAccountProvider extends Construct implements AwsAccount {
  /** The 12-digit account ID the provider is pinned to. */
  public readonly accountId: string;
  /** The provider's region. */
  public readonly region: string;
  /** The ARN partition of the region (`aws`, `aws-cn`, `aws-us-gov`). */
  public readonly partition: string;
  /** The AWS provider this construct creates: aliased when `alias` is set, else the stack's default AWS provider. */
  public readonly provider: AwsProvider;

  constructor(scope: Construct, id: string, props: AwsAccountProviderProps) {
    super(scope, id);
    validateAccountId("AwsAccountProvider.accountId", props.accountId);
    validateRegion("AwsAccountProvider.region", props.region);
    validateRoleArn("AwsAccountProvider.assumeRoleArn", props.assumeRoleArn);
    validateExternalId("AwsAccountProvider.assumeRoleExternalId", props.assumeRoleExternalId);
    validateArnInAccount("AwsAccountProvider.assumeRoleArn", props.assumeRoleArn, props.accountId, `must be a role in the provider's account ${props.accountId}`);
    if (props.assumeRoleArn !== undefined && props.profile !== undefined) {
      // Both are allowed by the provider, but one of them is then silently a no-op for the user's intent.
      throw new ValidationError("AwsAccountProvider.profile", props.profile, "must not be set together with assumeRoleArn");
    }
    if (props.alias === undefined) {
      // Terraform allows one default (unaliased) provider per type: a second fails `terraform init`
      // with "Duplicate provider configuration" (https://developer.hashicorp.com/terraform/language/providers/configuration#alias-multiple-provider-configurations).
      const existingDefault = TerraformStack.of(this)
        .node.findAll()
        .find((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
      if (existingDefault) {
        throw new ValidationError(
          "AwsAccountProvider.alias",
          props.alias,
          `must be set: the stack already has a default AWS provider (${existingDefault.node.path}), and Terraform allows only one`,
        );
      }
    }
    refuseChecksAboveStack(TerraformStack.of(this));
    this.accountId = props.accountId;
    this.region = props.region;
    this.partition = partitionOf(props.region);
    this.provider = new AwsProvider(this, "aws", {
      alias: props.alias,
      region: props.region,
      allowedAccountIds: [props.accountId],
      profile: props.profile,
      assumeRole: props.assumeRoleArn
        ? [
            {
              roleArn: props.assumeRoleArn,
              externalId: props.assumeRoleExternalId,
              sessionName: props.assumeRoleSessionName ?? "cdktf-databricks-data-access",
            },
          ]
        : undefined,
      defaultTags: props.defaultTags && Object.keys(props.defaultTags).length > 0 ? [{ tags: props.defaultTags }] : undefined,
    });
  }
}
