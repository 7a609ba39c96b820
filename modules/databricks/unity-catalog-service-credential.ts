import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { Credential } from "@cdktf/provider-databricks/lib/credential";
import { Grants } from "@cdktf/provider-databricks/lib/grants";
import { AwsAccount } from "../account/aws-account-provider";
import { IDataStream } from "../kinesis/data-stream";
import { ValidationError } from "../private/validation";
import { UnityCatalogGrant, unityCatalogGrants, validateUnityCatalogGrants, validateUnityCatalogName } from "../private/unity-catalog-grants";
import { UnityCatalogRole } from "./unity-catalog-role";

/**
 * The first Databricks Runtime whose Kinesis source takes a service credential (`serviceCredential`
 * option): "Databricks service credentials require Databricks Runtime 16.1 and above"
 * (docs.databricks.com/structured-streaming/kinesis.html, "Authenticate with Amazon Kinesis").
 */
export const KINESIS_SERVICE_CREDENTIAL_MIN_RUNTIME = "16.1";

/** Options of {@link UnityCatalogServiceCredential.kinesisReadStreamOptions}. */
export interface ServiceCredentialReadStreamOptions {
  /**
   * Where a new query starts reading.
   * @default "latest"
   */
  readonly initialPosition?: "latest" | "trim_horizon" | "earliest";
}

/** Props of {@link UnityCatalogServiceCredential}. */
export interface UnityCatalogServiceCredentialProps {
  /** The account of the cloud service (e.g. the Kinesis streams): the role is created there. */
  readonly account: AwsAccount;
  /** The role's name (1-64 characters). */
  readonly roleName: string;
  /** The service credential's name in the metastore (letters, digits, `_`, `-`). */
  readonly credentialName: string;
  /**
   * The workspace-level Databricks provider (`databricks_credential` is workspace-level only).
   * @default the stack's default Databricks provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Privileges on the credential: `ACCESS` lets a principal use it from code.
   * @default none (no `databricks_grants`)
   */
  readonly grants?: readonly UnityCatalogGrant[];
  /**
   * A comment on the credential.
   * @default "Managed by cdktf"
   */
  readonly comment?: string;
  /**
   * Tags on the role.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * A Unity Catalog service credential (`databricks_credential`, purpose `SERVICE`) on a
 * {@link UnityCatalogRole}: the Unity Catalog way to reach a cloud service such as Kinesis, replacing
 * an instance profile plus an assumed role. Its role has the same trust as a storage credential's
 * (docs.databricks.com/aws/en/connect/unity-catalog/cloud-services/service-credentials, step 1) and
 * the same first-apply order (credential first, naming the role by its computed ARN). Grant the role
 * what it reaches through the resources, e.g. `stream.grantRead(credential.role)`.
 */
export class UnityCatalogServiceCredential extends Construct {
  /** The `databricks_credential`. */
  public readonly credential: Credential;
  /** The role Unity Catalog assumes. */
  public readonly role: UnityCatalogRole;
  /** The credential's name (a reference). */
  public readonly credentialName: string;
  /** The `databricks_grants` on the credential, when grants were given. */
  public readonly grants?: Grants;

  constructor(scope: Construct, id: string, props: UnityCatalogServiceCredentialProps) {
    super(scope, id);
    validateUnityCatalogName("UnityCatalogServiceCredential.credentialName", props.credentialName);
    validateUnityCatalogGrants("UnityCatalogServiceCredential.grants", "credential", props.grants ?? []);
    this.credential = new Credential(this, "credential", {
      provider: props.provider,
      name: props.credentialName,
      purpose: "SERVICE",
      awsIamRole: { roleArn: UnityCatalogRole.arnOf(props.account, props.roleName) },
      comment: props.comment ?? "Managed by cdktf",
    });
    this.credentialName = this.credential.name;
    this.role = new UnityCatalogRole(this, "role", {
      account: props.account,
      roleName: props.roleName,
      externalId: this.credential.awsIamRole.externalId,
      databricksProvider: props.provider,
      description: `Unity Catalog service credential ${props.credentialName}`,
      tags: props.tags,
    });
    this.grants = unityCatalogGrants(this, "grants", "credential", this.credential.id, props.grants, props.provider);
  }

  /**
   * The `spark.readStream.format("kinesis")` options that read `streams` with this credential
   * (Databricks Runtime {@link KINESIS_SERVICE_CREDENTIAL_MIN_RUNTIME}+): `streamName`, `region`,
   * `serviceCredential`, `initialPosition`. The streams must be in the role's account and granted to it.
   */
  public kinesisReadStreamOptions(streams: readonly IDataStream[], options: ServiceCredentialReadStreamOptions = {}): Record<string, string> {
    if (streams.length === 0) throw new ValidationError("UnityCatalogServiceCredential.kinesisReadStreamOptions.streams", [], "must name at least one stream");
    for (const s of streams) {
      if (s.account.accountId !== this.role.account.accountId || s.account.region !== streams[0].account.region) {
        throw new ValidationError(
          "UnityCatalogServiceCredential.kinesisReadStreamOptions.streams",
          s.streamName,
          `must all be in the role's account ${this.role.account.accountId} and one region`,
        );
      }
    }
    return {
      streamName: streams.map((s) => s.streamName).join(","),
      region: streams[0].account.region,
      serviceCredential: this.credentialName,
      initialPosition: options.initialPosition ?? "latest",
    };
  }
}
