import { Construct } from "constructs";
import { IamSamlProvider } from "@cdktf/provider-aws/lib/iam-saml-provider";
import { AwsAccount } from "../account/aws-account-provider";
import { validateSamlMetadataDocument, validateSamlProviderName } from "../private/validation";
import { FederatedPrincipal } from "./policy-statement";

/** The `SAML:aud` value of AWS's own sign-in endpoint: the audience of assertions posted to AWS. */
export const AWS_SIGNIN_SAML_AUDIENCE = "https://signin.aws.amazon.com/saml";

/** Props of {@link SamlProvider}. */
export interface SamlProviderProps {
  /** The account (and provider) the identity provider is created in; roles trusting it must live there too. */
  readonly account: AwsAccount;
  /** The provider's name in IAM (1-128 characters of letters, digits and `_.-`). */
  readonly providerName: string;
  /** The identity provider's SAML 2.0 metadata XML (1000 to 10,000,000 characters), as the IdP exports it. */
  readonly metadataDocument: string;
  /**
   * Tags on the provider.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * An IAM SAML 2.0 identity provider (`aws_iam_saml_provider`): the trust anchor between a corporate
 * IdP and the roles its users may assume with `sts:AssumeRoleWithSAML`.
 */
export class SamlProvider extends Construct {
  public readonly account: AwsAccount;
  /** The underlying `aws_iam_saml_provider`. */
  public readonly resource: IamSamlProvider;
  /** The provider as the `Federated` principal of a trust policy. */
  public readonly principal: FederatedPrincipal;

  constructor(scope: Construct, id: string, props: SamlProviderProps) {
    super(scope, id);
    validateSamlProviderName("SamlProvider.providerName", props.providerName);
    validateSamlMetadataDocument("SamlProvider.metadataDocument", props.metadataDocument);
    this.account = props.account;
    this.resource = new IamSamlProvider(this, "provider", {
      provider: props.account.provider,
      name: props.providerName,
      samlMetadataDocument: props.metadataDocument,
      tags: props.tags,
    });
    this.principal = new FederatedPrincipal(this.resource.arn, props.account.accountId);
  }

  /** The provider ARN (a reference, so trusting roles wait for it). */
  public get providerArn(): string {
    return this.resource.arn;
  }
}
