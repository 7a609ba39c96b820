import { readFileSync } from "fs";
import * as path from "path";
import { validatePassthroughDatasets } from "../modules/databricks/credential-passthrough";
import {
  ValidationError,
  validateArn,
  validateBucketName,
  validateIntegerRange,
  validateRoleName,
  validateSamlMetadataDocument,
  validateSamlAudiences,
  validateSamlProviderName,
} from "../modules/private/validation";
import { isObject } from "./checks";
import { projectRoot } from "./project-root";

/** One dataset of seed 004: a prefix of the bucket, its role and its mount. */
export interface PassthroughDatasetConfig {
  /** Unique name (lowercase letters, digits, hyphens). */
  readonly name: string;
  /** Role name; the IAM role is `<namePrefix>-<roleName>`. */
  readonly roleName: string;
  /** Key prefix in the bucket, e.g. `data/hr`. */
  readonly prefix: string;
  /** DBFS mount name: the dataset appears at `/mnt/<mountName>`. */
  readonly mountName: string;
}

/** The IdP's SAML metadata: a file (relative paths from the project root) or the XML inline. */
export type SamlMetadataSource = { readonly file: string } | { readonly document: string };

/** The `credentialPassthrough` section: IAM credential passthrough with SAML federation (legacy). */
export interface CredentialPassthroughConfig {
  /**
   * Deploy the credential-passthrough stack. Off by default: passthrough is deprecated from Databricks
   * Runtime 15.0 and unavailable on accounts created after June 2023 without Databricks' help.
   */
  readonly enabled: boolean;
  /** IAM SAML provider name; the provider is `<namePrefix>-<samlProviderName>`. */
  readonly samlProviderName: string;
  /** Your IdP's SAML metadata (replaced whole when overridden); required when enabled. */
  readonly samlMetadata?: SamlMetadataSource;
  /** Accepted `SAML:aud` values on the dataset roles; unset, the workspace's SAML URL `<workspaceHost>/saml/consume`. */
  readonly samlAudiences?: readonly string[];
  /** Let the meta instance profile role assume the dataset roles without SAML (bypasses the IdP; opt-in). */
  readonly metaRoleAssumesDataRoles: boolean;
  /** Create the mounts as `databricks_mount` resources (applied by a federated user only; opt-in). */
  readonly createMountResources: boolean;
  /** An existing bucket holding the datasets, in the workspace account; unset creates `<namePrefix>-passthrough-data`. */
  readonly existingBucketName?: string;
  /** The KMS key of `existingBucketName`, when it uses SSE-KMS. */
  readonly existingBucketKeyArn?: string;
  /** The datasets (replaced whole when overridden). */
  readonly datasets: readonly PassthroughDatasetConfig[];
  /** Meta instance profile role name; the role and profile are `<namePrefix>-<metaRoleName>`. */
  readonly metaRoleName: string;
  /** The passthrough cluster. */
  readonly cluster: {
    /** Cluster name. */
    readonly name: string;
    /** Minimum workers. */
    readonly minWorkers: number;
    /** Maximum workers (at least minWorkers). */
    readonly maxWorkers: number;
    /** Idle minutes before it stops: 0 (never) or 10-10000. */
    readonly autoterminationMinutes: number;
    /** Runtime; passthrough is deprecated from 15.0, so the default is the last LTS before it. */
    readonly sparkVersion: string;
  };
}

/** An example of the metadata format, for tests only: IAM rejects it (its certificate is not real). */
export const EXAMPLE_SAML_METADATA_FILE = "config/saml-idp-metadata.example.xml";

/** Defaults: off; when enabled, the datasets and mount points of Databricks' passthrough guide. */
export const DEFAULT_CREDENTIAL_PASSTHROUGH_CONFIG: CredentialPassthroughConfig = {
  enabled: false,
  samlProviderName: "databricks-idp",
  metaRoleAssumesDataRoles: false,
  createMountResources: false,
  datasets: [
    { name: "sensitive-data", roleName: "sensitive-data-role", prefix: "data/sensitive", mountName: "sensitive-data" },
    { name: "hr-data", roleName: "hr-data-role", prefix: "data/hr", mountName: "hr-data" },
  ],
  metaRoleName: "passthrough-meta-role",
  cluster: { name: "Passthrough", minWorkers: 1, maxWorkers: 50, autoterminationMinutes: 20, sparkVersion: "14.3.x-scala2.12" },
};

/** Optional keys of the section, for the config merge. */
export const CREDENTIAL_PASSTHROUGH_OPTIONAL_KEYS = [
  "config.credentialPassthrough.samlMetadata",
  "config.credentialPassthrough.samlAudiences",
  "config.credentialPassthrough.existingBucketName",
  "config.credentialPassthrough.existingBucketKeyArn",
] as const;

/** Keys replaced whole rather than merged (a file and a document must not mix). */
export const CREDENTIAL_PASSTHROUGH_REPLACED_WHOLE = ["config.credentialPassthrough.samlMetadata"] as const;

const PROJECT_ROOT = projectRoot();
const FIELD = "config.credentialPassthrough";

function expectString(field: string, value: unknown): asserts value is string {
  if (typeof value !== "string") throw new ValidationError(field, value, "must be a string");
}

function expectNumber(field: string, value: unknown): void {
  if (typeof value !== "number") throw new ValidationError(field, value, "must be a number");
}

/** The metadata XML the section points at: the inline document, or the file's content. */
export function loadSamlMetadata(section: CredentialPassthroughConfig): string {
  if (section.samlMetadata === undefined) throw new ValidationError(`${FIELD}.samlMetadata`, undefined, SAML_METADATA_REQUIRED);
  const source = section.samlMetadata as Record<string, unknown>;
  if ("document" in source) return source.document as string;
  const file = source.file as string;
  try {
    return readFileSync(path.resolve(PROJECT_ROOT, file), "utf8");
  } catch (e) {
    throw new ValidationError(`${FIELD}.samlMetadata.file`, file, `must be a readable file, relative to the project root or absolute (${(e as Error).message})`);
  }
}

const SAML_METADATA_REQUIRED =
  'must be set when enabled: {"file": "<path to your IdP\'s SAML metadata XML>"} or {"document": "<xml>"}, ' +
  "exported from the IdP application you set up for Databricks (the example file is rejected by IAM)";

/** Checks the section; throws a {@link ValidationError} naming the field, the value and the rule. */
export function validateCredentialPassthroughConfig(section: CredentialPassthroughConfig, namePrefix: string): void {
  if (!isObject(section)) throw new ValidationError(FIELD, section, "must be an object");

  for (const flag of ["enabled", "metaRoleAssumesDataRoles", "createMountResources"] as const) {
    if (typeof section[flag] !== "boolean") throw new ValidationError(`${FIELD}.${flag}`, section[flag], "must be a boolean");
  }
  expectString(`${FIELD}.samlProviderName`, section.samlProviderName);
  validateSamlProviderName(`${FIELD}.samlProviderName`, `${namePrefix}-${section.samlProviderName}`);

  const metadata: unknown = section.samlMetadata;
  if (metadata === undefined) {
    if (section.enabled) throw new ValidationError(`${FIELD}.samlMetadata`, undefined, SAML_METADATA_REQUIRED);
  } else {
    if (!isObject(metadata) || Object.keys(metadata).length !== 1 || !("file" in metadata || "document" in metadata)) {
      throw new ValidationError(`${FIELD}.samlMetadata`, metadata, 'must be {"file": "<path>"} or {"document": "<xml>"}');
    }
    const [key, value] = Object.entries(metadata)[0];
    expectString(`${FIELD}.samlMetadata.${key}`, value);
    // Read and checked only when the stack is deployed: a disabled section may name a file not yet there.
    if (section.enabled) {
      if (key === "file" && path.resolve(PROJECT_ROOT, value) === path.resolve(PROJECT_ROOT, EXAMPLE_SAML_METADATA_FILE)) {
        throw new ValidationError(`${FIELD}.samlMetadata.file`, value, SAML_METADATA_REQUIRED);
      }
      validateSamlMetadataDocument(`${FIELD}.samlMetadata.${key}`, loadSamlMetadata(section));
    }
  }

  const audiences: unknown = section.samlAudiences;
  if (audiences !== undefined) {
    if (!Array.isArray(audiences)) throw new ValidationError(`${FIELD}.samlAudiences`, audiences, "must be a list of audience URLs");
    audiences.forEach((a, i) => expectString(`${FIELD}.samlAudiences[${i}]`, a));
    validateSamlAudiences(`${FIELD}.samlAudiences`, audiences as string[]);
  }

  if (section.existingBucketName !== undefined) {
    expectString(`${FIELD}.existingBucketName`, section.existingBucketName);
    validateBucketName(`${FIELD}.existingBucketName`, section.existingBucketName);
  } else {
    validateBucketName("config.namePrefix", `${namePrefix}-passthrough-data`);
  }
  if (section.existingBucketKeyArn !== undefined) {
    expectString(`${FIELD}.existingBucketKeyArn`, section.existingBucketKeyArn);
    if (section.existingBucketName === undefined) {
      throw new ValidationError(`${FIELD}.existingBucketKeyArn`, section.existingBucketKeyArn, "may only be set with existingBucketName");
    }
    validateArn(`${FIELD}.existingBucketKeyArn`, section.existingBucketKeyArn, "kms");
  }

  const datasets: unknown = section.datasets;
  if (!Array.isArray(datasets)) throw new ValidationError(`${FIELD}.datasets`, datasets, "must be a list of datasets");
  const fields = ["name", "roleName", "prefix", "mountName"];
  datasets.forEach((dataset: unknown, i) => {
    const at = `${FIELD}.datasets[${i}]`;
    if (!isObject(dataset)) throw new ValidationError(at, dataset, "must be an object");
    for (const k of Object.keys(dataset)) {
      if (!fields.includes(k)) throw new ValidationError(`${at}.${k}`, dataset[k], "is not a known configuration field");
    }
    for (const k of fields) expectString(`${at}.${k}`, dataset[k]);
    validateRoleName(`${at}.roleName`, `${namePrefix}-${dataset.roleName}`);
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(dataset.mountName as string)) {
      throw new ValidationError(`${at}.mountName`, dataset.mountName, "must be 1-128 characters of letters, digits, _ and - (it becomes /mnt/<name>)");
    }
  });
  validatePassthroughDatasets(datasets as PassthroughDatasetConfig[], `${FIELD}.datasets`);

  expectString(`${FIELD}.metaRoleName`, section.metaRoleName);
  validateRoleName(`${FIELD}.metaRoleName`, `${namePrefix}-${section.metaRoleName}`);

  const cluster = section.cluster;
  if (!isObject(cluster)) throw new ValidationError(`${FIELD}.cluster`, cluster, "must be an object");
  expectString(`${FIELD}.cluster.name`, cluster.name);
  expectString(`${FIELD}.cluster.sparkVersion`, cluster.sparkVersion);
  for (const f of ["minWorkers", "maxWorkers", "autoterminationMinutes"] as const) expectNumber(`${FIELD}.cluster.${f}`, cluster[f]);
  validateIntegerRange(`${FIELD}.cluster.minWorkers`, cluster.minWorkers, 0, 100000);
  validateIntegerRange(`${FIELD}.cluster.maxWorkers`, cluster.maxWorkers, 1, 100000);
  if (cluster.maxWorkers < cluster.minWorkers) {
    throw new ValidationError(`${FIELD}.cluster.maxWorkers`, cluster.maxWorkers, `must be at least ${FIELD}.cluster.minWorkers (${cluster.minWorkers})`);
  }
  if (cluster.autoterminationMinutes !== 0) {
    validateIntegerRange(`${FIELD}.cluster.autoterminationMinutes`, cluster.autoterminationMinutes, 10, 10000);
  }
}
