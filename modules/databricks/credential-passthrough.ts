import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { AwsAccount } from "../account/aws-account-provider";
import { IDataBucket } from "../s3/data-bucket";
import { IGrantable } from "../iam/policy-statement";
import { SamlProvider, databricksSamlAudience } from "../iam/saml-provider";
import { SamlFederatedDataRole } from "../iam/saml-federated-data-role";
import { ValidationError } from "../private/validation";
import { AutoscalingCluster, DataSecurityMode } from "./autoscaling-cluster";
import { MetaInstanceProfile } from "./meta-instance-profile";
import { S3Mount } from "./s3-mount";
import { PassthroughDatasetProps, validatePassthroughDatasets } from "./passthrough-datasets";
// Declared without cdktf, so the app config can check datasets before cdktf is loaded.
export type { PassthroughDatasetProps } from "./passthrough-datasets";

/**
 * The cluster access mode of IAM credential passthrough in Databricks provider 1.99 (`data_security_mode`),
 * replacing the High Concurrency profile with `spark.databricks.passthrough.enabled`.
 * Deprecated since Databricks Runtime 15.0 in favour of Unity Catalog.
 */
export const PASSTHROUGH_DATA_SECURITY_MODE = DataSecurityMode.LEGACY_PASSTHROUGH;

/**
 * Spark settings of the passthrough cluster. Passthrough runs user code in isolated processes, which only
 * Python and SQL support (Databricks blog "Introducing Databricks AWS IAM Credential Passthrough"); the access
 * mode does the rest.
 */
export const PASSTHROUGH_SPARK_CONF: Readonly<Record<string, string>> = Object.freeze({
  "spark.databricks.repl.allowedLanguages": "python,sql",
});

/**
 * The S3A credentials provider that hands a user's passthrough credentials to a mount (the credential
 * passthrough blog).
 */
export const PASSTHROUGH_CREDENTIALS_PROVIDER_CLASS = "com.databricks.backend.daemon.driver.aws.AwsCredentialContextTokenProvider";

/** A passthrough mount's `extra_configs`: S3A asks Databricks for the user's session of `roleArn`. */
export function passthroughMountConfigs(roleArn: string): Record<string, string> {
  return {
    "fs.s3a.credentialsType": "Custom",
    "fs.s3a.credentialsType.customClass": PASSTHROUGH_CREDENTIALS_PROVIDER_CLASS,
    "fs.s3a.stsAssumeRole.arn": roleArn,
  };
}

/** A passthrough mount as a federated user creates it with `dbutils.fs.mount` on the passthrough cluster. */
export interface PassthroughMountConfig {
  /** `s3a://<bucket>/<prefix>`. */
  readonly source: string;
  /** `/mnt/<mountName>`. */
  readonly mountPoint: string;
  /** {@link passthroughMountConfigs} of the dataset role. */
  readonly extraConfigs: Record<string, string>;
}

/** The Python line that creates `config` in a notebook attached to the passthrough cluster. */
export function passthroughMountCommand(config: PassthroughMountConfig): string {
  const configs = Object.entries(config.extraConfigs)
    .map(([key, value]) => `${JSON.stringify(key)}: "${value}"`)
    .join(", ");
  return `dbutils.fs.mount("${config.source}", "${config.mountPoint}", extra_configs={${configs}})`;
}

/** What {@link CredentialPassthrough} created for a dataset. */
export interface PassthroughDataset {
  /** The dataset's name. */
  readonly name: string;
  /** Its SAML-federated role. */
  readonly role: SamlFederatedDataRole;
  /** Its mount's settings, for a federated user to create it. */
  readonly mountConfig: PassthroughMountConfig;
  /** The `dbutils.fs.mount(...)` line a federated user runs on the passthrough cluster. */
  readonly mountCommand: string;
  /** The `databricks_mount` resource, only with {@link CredentialPassthroughProps.createMountResources}. */
  readonly mount?: S3Mount;
}

/** Cluster settings of {@link CredentialPassthrough}. */
export interface PassthroughClusterProps {
  /**
   * The cluster name.
   * @default "Passthrough"
   */
  readonly clusterName?: string;
  /**
   * Minimum workers.
   * @default 1
   */
  readonly minWorkers?: number;
  /**
   * Maximum workers.
   * @default 50
   */
  readonly maxWorkers?: number;
  /**
   * Idle minutes before the cluster stops (0 or 10-10000).
   * @default 20
   */
  readonly autoterminationMinutes?: number;
  /**
   * More Spark settings, merged over {@link PASSTHROUGH_SPARK_CONF}.
   * @default none
   */
  readonly sparkConf?: Record<string, string>;
  /**
   * The node type.
   * @default the smallest node type with local disk
   */
  readonly nodeTypeId?: string;
  /**
   * The runtime version. Passthrough is deprecated from Databricks Runtime 15.0: pin an older LTS.
   * @default the latest LTS runtime
   */
  readonly sparkVersion?: string;
}

/** Props of {@link CredentialPassthrough}. */
export interface CredentialPassthroughProps {
  /** The workspace account: the SAML provider, the roles and the meta instance profile are created there. */
  readonly account: AwsAccount;
  /** The SAML provider's name in IAM. */
  readonly samlProviderName: string;
  /** The IdP's SAML 2.0 metadata XML. */
  readonly samlMetadataDocument: string;
  /**
   * The workspace URL (`https://<host>`): the default SAML audience is its SAML URL,
   * `https://<host>/saml/consume` ({@link databricksSamlAudience}).
   * @default none: `samlAudiences` must then be set
   */
  readonly workspaceHost?: string;
  /**
   * Accepted `SAML:aud` values on every dataset role (see {@link SamlFederatedDataRoleProps.samlAudiences}).
   * @default [databricksSamlAudience(workspaceHost)]
   */
  readonly samlAudiences?: readonly string[];
  /**
   * Also let the meta instance profile role assume each dataset role with plain `sts:AssumeRole` (and
   * allow it on the meta role). This path bypasses the IdP and the `SAML:aud` check: anyone on a cluster
   * with the meta profile reaches every dataset. Only for setups that need it.
   * @default false (dataset roles trust the SAML provider only)
   */
  readonly metaRoleAssumesDataRoles?: boolean;
  /**
   * Create a `databricks_mount` per dataset. Off by default: since provider 1.71 a new mount is checked with
   * `check_path()`, which a passthrough cluster blocks, and passthrough mounts cannot be created by a
   * service principal. Without it, {@link PassthroughDataset.mountCommand} is what a federated user runs.
   * @default false
   */
  readonly createMountResources?: boolean;
  /** The bucket holding the datasets, in `account`. */
  readonly bucket: IDataBucket;
  /** The datasets (at least one). */
  readonly datasets: PassthroughDatasetProps[];
  /** The meta role's name (also the instance profile's). */
  readonly metaRoleName: string;
  /** The workspace cross-account role; it receives `iam:PassRole` on exactly the meta role. */
  readonly workspaceRole: IGrantable;
  /**
   * The workspace-level Databricks provider.
   * @default the stack's default Databricks provider
   */
  readonly databricksProvider?: TerraformProvider;
  /**
   * The passthrough cluster.
   * @default the defaults of {@link PassthroughClusterProps}
   */
  readonly cluster?: PassthroughClusterProps;
  /**
   * Seconds to wait for IAM propagation before Databricks validates the meta instance profile (0-300).
   * @default 30
   */
  readonly propagationWaitSeconds?: number;
  /**
   * Register the meta instance profile without Databricks' validation.
   * @default false
   */
  readonly skipInstanceProfileValidation?: boolean;
  /**
   * Tags on the AWS resources.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * IAM credential passthrough with SAML 2.0 federation (legacy: deprecated from Databricks Runtime 15.0), AWS
 * and Databricks sides: the IAM SAML provider, one {@link SamlFederatedDataRole} per dataset (trusting the
 * provider for the workspace's SAML audience), the {@link MetaInstanceProfile} passthrough clusters run
 * with, a cluster in `LEGACY_PASSTHROUGH` mode on that profile, and per dataset the mount settings whose
 * S3A credentials come from the user's session of the dataset role (a federated user creates the mount;
 * `createMountResources` makes them Terraform resources instead).
 *
 * The IdP side stays with the IdP: it must send each user's allowed `<role ARN>,<provider ARN>` pairs
 * in the `https://aws.amazon.com/SAML/Attributes/Role` attribute.
 */
export class CredentialPassthrough extends Construct {
  /** The IAM SAML identity provider the dataset roles trust. */
  public readonly samlProvider: SamlProvider;
  /** The meta instance profile the cluster runs with. */
  public readonly metaInstanceProfile: MetaInstanceProfile;
  /** The passthrough cluster (mounts are created on it). */
  public readonly cluster: AutoscalingCluster;
  /** Each dataset's role and mount settings, in the order given. */
  public readonly datasets: readonly PassthroughDataset[];

  constructor(scope: Construct, id: string, props: CredentialPassthroughProps) {
    super(scope, id);
    validatePassthroughDatasets(props.datasets);
    if (props.samlAudiences === undefined && props.workspaceHost === undefined) {
      throw new ValidationError(
        "CredentialPassthrough.workspaceHost",
        undefined,
        "or samlAudiences must be set (the dataset roles accept assertions for https://<workspace host>/saml/consume)",
      );
    }
    const samlAudiences = props.samlAudiences ?? [databricksSamlAudience(props.workspaceHost as string, "CredentialPassthrough.workspaceHost")];
    this.samlProvider = new SamlProvider(this, "saml-provider", {
      account: props.account,
      providerName: props.samlProviderName,
      metadataDocument: props.samlMetadataDocument,
      tags: props.tags,
    });
    this.metaInstanceProfile = new MetaInstanceProfile(this, "meta-instance-profile", {
      account: props.account,
      roleName: props.metaRoleName,
      workspaceRole: props.workspaceRole,
      provider: props.databricksProvider,
      propagationWaitSeconds: props.propagationWaitSeconds,
      skipValidation: props.skipInstanceProfileValidation,
      tags: props.tags,
    });
    const cluster = props.cluster ?? {};
    this.cluster = new AutoscalingCluster(this, "cluster", {
      provider: props.databricksProvider,
      clusterName: cluster.clusterName ?? "Passthrough",
      minWorkers: cluster.minWorkers,
      maxWorkers: cluster.maxWorkers,
      autoterminationMinutes: cluster.autoterminationMinutes,
      nodeTypeId: cluster.nodeTypeId,
      sparkVersion: cluster.sparkVersion,
      instanceProfileArn: this.metaInstanceProfile.id,
      dataSecurityMode: PASSTHROUGH_DATA_SECURITY_MODE,
      sparkConf: { ...PASSTHROUGH_SPARK_CONF, ...(cluster.sparkConf ?? {}) },
    });
    this.datasets = props.datasets.map((dataset) => {
      const role = new SamlFederatedDataRole(this, `${dataset.name}-role`, {
        samlProvider: this.samlProvider,
        roleName: dataset.roleName,
        bucket: props.bucket,
        prefix: dataset.prefix,
        samlAudiences,
        tags: props.tags,
      });
      if (props.metaRoleAssumesDataRoles ?? false) this.metaInstanceProfile.addDataRole(role);
      // The mount holds no credentials: each read uses the reader's session of the dataset role.
      const mountConfig: PassthroughMountConfig = {
        source: role.s3aUri,
        mountPoint: `/mnt/${dataset.mountName}`,
        extraConfigs: passthroughMountConfigs(role.roleArn),
      };
      const mount =
        props.createMountResources === true
          ? new S3Mount(this, `${dataset.name}-mount`, {
              provider: props.databricksProvider,
              mountName: dataset.mountName,
              bucketName: props.bucket.bucketName,
              directory: dataset.prefix,
              clusterId: this.cluster.clusterId,
              extraConfigs: mountConfig.extraConfigs,
              // Asked for explicitly: whoever applies it knows it must be a federated user.
              allowOnPassthroughCluster: true,
            })
          : undefined;
      return { name: dataset.name, role, mountConfig, mountCommand: passthroughMountCommand(mountConfig), mount };
    });
  }
}
