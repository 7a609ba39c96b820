import { Construct } from "constructs";
import { ITerraformDependable, TerraformProvider } from "cdktf";
import { StorageCredential } from "@cdktf/provider-databricks/lib/storage-credential";
import { AwsAccount } from "../account/aws-account-provider";
import { UnityCatalogGrant, unityCatalogGrants, validateUnityCatalogGrants, validateUnityCatalogName } from "../private/unity-catalog-grants";
import { IamPropagationWait } from "./iam-propagation-wait";
import { UnityCatalogRole } from "./unity-catalog-role";

/** Props of {@link UnityCatalogStorageCredential}. */
export interface UnityCatalogStorageCredentialProps {
  /** The account of the buckets: the storage role is created there (typically the data account, on its aliased provider). */
  readonly account: AwsAccount;
  /** The storage role's name (1-64 characters). */
  readonly roleName: string;
  /** The storage credential's name in the metastore (letters, digits, `_`, `-`). */
  readonly credentialName: string;
  /**
   * The workspace-level Databricks provider (the workspace must have a metastore assigned).
   * @default the stack's default Databricks provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Make the credential usable for reads only.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Privileges on the credential itself (`CREATE_EXTERNAL_LOCATION`, ...). Locations are granted on
   * separately ({@link UnityCatalogExternalLocation}); leave this empty to keep the credential to admins.
   * @default none (no `databricks_grants` on the credential)
   */
  readonly grants?: readonly UnityCatalogGrant[];
  /**
   * Seconds to wait after the role and its policy exist, before external locations are created
   * (Databricks validates the credential when a location is created) (0-300).
   * @default 30
   */
  readonly propagationWaitSeconds?: number;
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
 * A Unity Catalog storage credential on a {@link UnityCatalogRole}. The first apply has a
 * chicken-and-egg: the role's trust needs the credential's external ID, and the credential names the
 * role. Solved as terraform-provider-databricks v1.99.0 docs/guides/unity-catalog.md does: the
 * credential is created first, naming the role by its ARN computed from the name (a reference would
 * make a cycle), then the role with the credential's `external_id` in its trust. Databricks checks
 * the role only when a location uses it, so external locations wait for the role, its policy and IAM
 * propagation ({@link UnityCatalogStorageCredential.dependables}); the wait runs again whenever the
 * role's identity policy changes (a location added later).
 *
 * Grant the role what its locations reach through the resources' grants, e.g.
 * `bucket.grantRead(credential.role, { prefix })`; {@link UnityCatalogExternalLocation} does so.
 */
export class UnityCatalogStorageCredential extends Construct {
  /** The `databricks_storage_credential`. */
  public readonly credential: StorageCredential;
  /** The role Unity Catalog assumes. */
  public readonly role: UnityCatalogRole;
  /** The credential's name (a reference, so dependents wait for it). */
  public readonly credentialName: string;
  /** The workspace-level Databricks provider. */
  public readonly provider?: TerraformProvider;
  /** Whether the credential is read-only. */
  public readonly readOnly: boolean;
  private readonly wait: IamPropagationWait;

  constructor(scope: Construct, id: string, props: UnityCatalogStorageCredentialProps) {
    super(scope, id);
    validateUnityCatalogName("UnityCatalogStorageCredential.credentialName", props.credentialName);
    validateUnityCatalogGrants("UnityCatalogStorageCredential.grants", "storage_credential", props.grants ?? []);
    this.provider = props.provider;
    this.readOnly = props.readOnly ?? false;
    this.credential = new StorageCredential(this, "credential", {
      provider: props.provider,
      name: props.credentialName,
      awsIamRole: { roleArn: UnityCatalogRole.arnOf(props.account, props.roleName) },
      readOnly: this.readOnly,
      comment: props.comment ?? "Managed by cdktf",
    });
    this.credentialName = this.credential.name;
    this.role = new UnityCatalogRole(this, "role", {
      account: props.account,
      roleName: props.roleName,
      externalId: this.credential.awsIamRole.externalId,
      databricksProvider: props.provider,
      description: `Unity Catalog storage credential ${props.credentialName}`,
      tags: props.tags,
    });
    // The inline policy exists from the self-assume grant on; later grants add statements to it. Keyed on the
    // policy, the wait is replaced (and waits again) when a later apply adds a location's grants: Databricks
    // validates the new location at once and fails on a policy IAM has not propagated yet
    // (databricks/terraform-provider-databricks#3069).
    const policyJson = this.role.role.principalPolicyJson;
    this.wait = new IamPropagationWait(this, "iam-propagation", {
      after: [this.role.role.resource, ...this.role.role.principalPolicyDependables],
      seconds: props.propagationWaitSeconds,
      triggers: policyJson === undefined ? undefined : { identity_policy: policyJson },
    });
    unityCatalogGrants(this, "grants", "storage_credential", this.credential.id, props.grants, props.provider);
  }

  /** What Databricks resources that validate the credential (external locations) depend on. */
  public get dependables(): ITerraformDependable[] {
    return this.wait.dependables;
  }
}
