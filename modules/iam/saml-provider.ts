import { Construct } from "constructs";
import { IamSamlProvider } from "@cdktf/provider-aws/lib/iam-saml-provider";
import { AwsAccount } from "../account/aws-account-provider";
import { ValidationError, isUnresolved, validateSamlMetadataDocument, validateSamlProviderName } from "../private/validation";
import { FederatedPrincipal } from "./policy-statement";

/**
 * The `SAML:aud` Databricks' assertions carry: the workspace's SAML URL, `https://<workspace host>/saml/consume`
 * (Databricks' "IAM credential passthrough with SAML 2.0 federation" guide, "Step 1: Get the Databricks SAML URL").
 * `workspaceHost` is the workspace URL (`https://dbc-1234.cloud.databricks.com`) or its host name.
 */
export function databricksSamlAudience(workspaceHost: string, field = "databricksSamlAudience.workspaceHost"): string {
  if (isUnresolved(workspaceHost)) return `https://${workspaceHost}/saml/consume`;
  if (/^http:\/\//i.test(workspaceHost)) {
    throw new ValidationError(field, workspaceHost, "must not be http:// (Databricks posts SAML assertions to its https:// SAML URL only)");
  }
  const host = workspaceHost.replace(/^https:\/\//i, "").replace(/\/+$/, "");
  if (!/^[A-Za-z0-9.-]+(:\d+)?$/.test(host)) {
    throw new ValidationError(field, workspaceHost, "must be the workspace URL, e.g. https://dbc-1234.cloud.databricks.com");
  }
  return `https://${host}/saml/consume`;
}

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
