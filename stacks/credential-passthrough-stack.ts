import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { loadSamlMetadata } from "../config/credential-passthrough";
import { IDataBucket } from "../modules/s3/data-bucket";
import { CredentialPassthrough } from "../modules/databricks/credential-passthrough";
import { createOrImportBucket, existingWorkspaceRole, prefixed, workspaceAccountProvider, workspaceDatabricksProvider } from "./common";
import { DataAccessAppStack, DataAccessAppStackProps } from "./data-access-app-stack";

/**
 * IAM credential passthrough with SAML 2.0 federation (legacy), in the workspace account; only deployed with
 * `credentialPassthrough.enabled` and your IdP's metadata. Creates the IAM SAML provider, one role per
 * dataset (trusting the provider for the workspace's SAML audience), the data bucket (or uses an existing
 * one), the meta instance profile with PassRole on the workspace cross-account role of the data-access
 * stack (deploy that stack first) and a passthrough cluster; each dataset's mount is an output a
 * federated user runs (or a resource, with `createMountResources`).
 */
export class CredentialPassthroughStack extends DataAccessAppStack {
  public readonly bucket: IDataBucket;
  public readonly passthrough: CredentialPassthrough;

  constructor(scope: Construct, id: string, props: DataAccessAppStackProps) {
    super(scope, id, props);
    const { config } = props;
    const section = config.credentialPassthrough;
    const account = workspaceAccountProvider(this, config);
    const databricks = { workspace: workspaceDatabricksProvider(this, config) };

    this.bucket = createOrImportBucket(this, "data-bucket", config, {
      account,
      bucketName: prefixed(config, "passthrough-data"),
      encryption: config.bucket.encryption,
      existingBucketName: section.existingBucketName,
      existingBucketKeyArn: section.existingBucketKeyArn,
    });

    // Owned by the data-access stack; this stack only adds an inline policy of its own to it.
    const workspaceRole = existingWorkspaceRole(this, config, account, "passthrough-pass-meta-role");

    this.passthrough = new CredentialPassthrough(this, "credential-passthrough", {
      account,
      samlProviderName: prefixed(config, section.samlProviderName),
      samlMetadataDocument: loadSamlMetadata(section),
      // Unset audiences default to the workspace's SAML URL, https://<workspaceHost>/saml/consume.
      workspaceHost: config.databricks.workspaceHost,
      samlAudiences: section.samlAudiences,
      metaRoleAssumesDataRoles: section.metaRoleAssumesDataRoles,
      createMountResources: section.createMountResources,
      bucket: this.bucket,
      datasets: section.datasets.map((d) => ({ ...d, roleName: prefixed(config, d.roleName) })),
      metaRoleName: prefixed(config, section.metaRoleName),
      workspaceRole,
      databricksProvider: databricks.workspace,
      cluster: {
        clusterName: section.cluster.name,
        minWorkers: section.cluster.minWorkers,
        maxWorkers: section.cluster.maxWorkers,
        autoterminationMinutes: section.cluster.autoterminationMinutes,
        sparkVersion: section.cluster.sparkVersion,
      },
      propagationWaitSeconds: config.iamPropagationWaitSeconds,
      skipInstanceProfileValidation: config.skipInstanceProfileValidation,
    });

    const provider = this.passthrough.samlProvider;
    new TerraformOutput(this, "saml_provider_arn", { value: provider.providerArn, description: "The IAM SAML identity provider" });
    new TerraformOutput(this, "meta_instance_profile_arn", { value: this.passthrough.metaInstanceProfile.instanceProfileArn });
    new TerraformOutput(this, "cluster_id", { value: this.passthrough.cluster.clusterId, description: "The passthrough cluster" });
    new TerraformOutput(this, "bucket_name", { value: this.bucket.bucketName });
    for (const dataset of this.passthrough.datasets) {
      const name = dataset.name.replace(/-/g, "_");
      new TerraformOutput(this, `${name}_role_arn`, { value: dataset.role.roleArn });
      // What the IdP sends in https://aws.amazon.com/SAML/Attributes/Role for users of this dataset.
      new TerraformOutput(this, `${name}_idp_role_attribute`, {
        value: `${dataset.role.roleArn},${provider.providerArn}`,
        description: `SAML Role attribute value granting ${dataset.name}`,
      });
      new TerraformOutput(this, `${name}_mount_config`, {
        value: dataset.mountConfig,
        description: `${dataset.name}: source, mount point and extra_configs of its passthrough mount`,
      });
      new TerraformOutput(this, `${name}_mount_command`, {
        value: dataset.mountCommand,
        description: `Run by a federated user in a notebook on the passthrough cluster to mount ${dataset.name}`,
      });
    }
  }
}
