import { readFileSync } from "fs";
import {
  ValidationError,
  validateAccountId,
  validateBucketName,
  validateExternalId,
  validateIntegerRange,
  validateNamePrefix,
  validateRegion,
  validateRoleName,
} from "../modules/private/validation";
import {
  CREDENTIAL_PASSTHROUGH_OPTIONAL_KEYS,
  CREDENTIAL_PASSTHROUGH_REPLACED_WHOLE,
  CredentialPassthroughConfig,
  DEFAULT_CREDENTIAL_PASSTHROUGH_CONFIG,
  validateCredentialPassthroughConfig,
} from "./credential-passthrough";
import { CROSS_ACCOUNT_OPTIONAL_KEYS, CrossAccountConfig, DEFAULT_CROSS_ACCOUNT_CONFIG, validateCrossAccountConfig } from "./cross-account";
import {
  DEFAULT_KINESIS_CONSUMERS_CONFIG,
  KINESIS_CONSUMERS_OPTIONAL_KEYS,
  KinesisConsumersConfig,
  validateKinesisConsumersConfig,
} from "./kinesis-consumers";
import {
  DEFAULT_UNITY_CATALOG_CONFIG,
  UNITY_CATALOG_OPTIONAL_KEYS,
  UNITY_CATALOG_REPLACED_WHOLE,
  UnityCatalogConfig,
  validateUnityCatalogConfig,
} from "./unity-catalog";
import { expectType, isObject, oneOf } from "./checks";

/** Where Terraform state lives. */
export type BackendConfig =
  | { readonly type: "local" }
  | {
      readonly type: "s3";
      /** The state bucket. */
      readonly bucket: string;
      /** Key prefix; each stack's state is `<keyPrefix>/<stack>.tfstate`. */
      readonly keyPrefix: string;
      /** The state bucket's region. */
      readonly region: string;
      /** S3-native locking (Terraform >= 1.10); the default. */
      readonly useLockfile?: boolean;
      /** A DynamoDB lock table, for older Terraform. */
      readonly dynamodbTable?: string;
    };

/** The second AWS account (B): data, streams, or consumers, reached through an aliased provider. */
export interface DataAccountConfig {
  /** The account ID. */
  readonly accountId: string;
  /** Its region; defaults to `region`. */
  readonly region?: string;
  /** A role in that account the provider assumes (ignored when `profile` is set). */
  readonly assumeRoleName?: string;
  /** External ID for that role, if it requires one. */
  readonly assumeRoleExternalId?: string;
  /** A named AWS profile for that account instead of an assumed role. */
  readonly profile?: string;
}

/**
 * How one Databricks provider authenticates, beyond its environment. Secrets never go here: a client
 * secret comes from `DATABRICKS_CLIENT_SECRET` or the CLI profile (see docs/databricks-authentication.md).
 */
export interface DatabricksAuthConfig {
  /** A profile of `~/.databrickscfg` (the provider's `profile`). */
  readonly profile?: string;
  /**
   * The one auth method to use (the provider's `auth_type`): with two methods in the environment
   * (e.g. a token and a client ID) the provider otherwise stops with an error.
   */
  readonly authType?: string;
  /** A service principal's OAuth client ID (the provider's `client_id`; the secret stays in the environment). */
  readonly clientId?: string;
}

/**
 * `auth_type` values of provider 1.99 (docs/index.md) that apply on AWS; the account API takes OAuth only,
 * never a workspace token (`pat`).
 */
export const WORKSPACE_AUTH_TYPES = ["pat", "oauth-m2m", "databricks-cli", "github-oidc", "env-oidc", "file-oidc"] as const;
export const ACCOUNT_AUTH_TYPES = ["oauth-m2m", "databricks-cli", "github-oidc", "env-oidc", "file-oidc"] as const;

/** The typed configuration of the app. Every field has a default (see {@link DEFAULT_CONFIG}). */
export interface AppConfig {
  /** Prefix of every name (seed: `changeme`). */
  readonly namePrefix: string;
  /** Region of the workspace account. */
  readonly region: string;
  /** The Databricks workspace AWS account (A). */
  readonly workspaceAccountId: string;
  /** The second account (B). */
  readonly dataAccount: DataAccountConfig;
  readonly databricks: {
    /** The workspace URL, for the workspace-level provider. */
    readonly workspaceHost: string;
    /** The account console URL, for the account-level (`mws`) provider. */
    readonly accountHost: string;
    /**
     * Whether the data-access stack creates the workspace-level resources (instance profile
     * registration, mount, cluster). They need the workspace at `workspaceHost` to exist: for a new
     * workspace, deploy once with `false`, create the workspace from the `databricks_credentials_id`
     * output, then deploy with `true`.
     */
    readonly deployWorkspaceResources: boolean;
    /**
     * The cross-account role the workspace at `workspaceHost` actually runs with, when it is not the
     * one the data-access stack creates (`<prefix>-crossaccount-iam-role`): every stack adds its
     * `iam:PassRole` grants to this role.
     */
    readonly workspaceCrossAccountRoleName?: string;
    /** Auth of the workspace-level provider (its environment otherwise). */
    readonly workspaceAuth?: DatabricksAuthConfig;
    /** Auth of the account-level (`mws`) provider: OAuth (`oauth-m2m` or a CLI profile). */
    readonly accountAuth?: DatabricksAuthConfig;
  };
  /** Tags on every resource (AWS provider default tags). */
  readonly tags: Readonly<Record<string, string>>;
  readonly bucket: {
    /** Keep object versions (seed: disabled). */
    readonly versioned: boolean;
    /** Let destroy delete a non-empty bucket (loses data; opt-in). */
    readonly forceDestroy: boolean;
    /** `S3_MANAGED` (SSE-S3) or `KMS` (a customer-managed key). */
    readonly encryption: "S3_MANAGED" | "KMS";
  };
  readonly cluster: {
    readonly name: string;
    readonly minWorkers: number;
    readonly maxWorkers: number;
    readonly autoterminationMinutes: number;
  };
  /** The Databricks cross-account policy (`databricks_aws_crossaccount_policy`). */
  readonly crossAccountPolicy: {
    readonly policyType: "managed" | "customer" | "restricted";
    readonly vpcId?: string;
    readonly securityGroupId?: string;
  };
  /** Seconds to wait for IAM propagation before Databricks validates roles; 0 disables. */
  readonly iamPropagationWaitSeconds: number;
  /** Register instance profiles without Databricks' validation (escape hatch, #1226). */
  readonly skipInstanceProfileValidation: boolean;
  /** Where state lives. */
  readonly backend: BackendConfig;
  /** Seeds 000/001 cross-account scenarios (S3 and Kinesis through assumed roles); see config/cross-account.ts. */
  readonly crossAccount: CrossAccountConfig;
  /** Seed 004 IAM credential passthrough with SAML federation; see config/credential-passthrough.ts. */
  readonly credentialPassthrough: CredentialPassthroughConfig;
  /** Seeds 002/003 Kinesis consumers in another account (Lambda via stream sharing, KCL via an assumed role); see config/kinesis-consumers.ts. */
  readonly kinesisConsumers: KinesisConsumersConfig;
  /** Unity Catalog: storage and service credentials, external locations and grants in the data account; see config/unity-catalog.ts. */
  readonly unityCatalog: UnityCatalogConfig;
}

/** Embedded defaults: the seeds' example values, so `cdktf synth` works on a fresh clone. */
export const DEFAULT_CONFIG: AppConfig = {
  namePrefix: "changeme",
  region: "us-east-1",
  workspaceAccountId: "111122223333",
  dataAccount: { accountId: "444455556666", assumeRoleName: "OrganizationAccountAccessRole" },
  databricks: {
    workspaceHost: "https://changeme.cloud.databricks.com",
    accountHost: "https://accounts.cloud.databricks.com",
    deployWorkspaceResources: true,
  },
  tags: { Project: "databricks-data-access", ManagedBy: "cdktf" },
  bucket: { versioned: false, forceDestroy: false, encryption: "S3_MANAGED" },
  cluster: { name: "Shared Autoscaling", minWorkers: 1, maxWorkers: 50, autoterminationMinutes: 20 },
  crossAccountPolicy: { policyType: "managed" },
  iamPropagationWaitSeconds: 30,
  skipInstanceProfileValidation: false,
  backend: { type: "local" },
  crossAccount: DEFAULT_CROSS_ACCOUNT_CONFIG,
  credentialPassthrough: DEFAULT_CREDENTIAL_PASSTHROUGH_CONFIG,
  kinesisConsumers: DEFAULT_KINESIS_CONSUMERS_CONFIG,
  unityCatalog: DEFAULT_UNITY_CATALOG_CONFIG,
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Merges an override onto the defaults. Unknown keys are errors (a typo must not silently fall back
 * to a default); `tags` and `backend` are replaced whole, other objects merged key by key.
 */
function merge(defaults: unknown, override: unknown, path: string): unknown {
  if (!isObject(override)) return override;
  if (!isObject(defaults)) return override;
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(override)) {
    const field = `${path}.${key}`;
    if (key === "$schema" || key === "//") continue;
    if (!(key in defaults) && !OPTIONAL_KEYS.has(field)) {
      throw new ValidationError(field, value, "is not a known configuration field");
    }
    out[key] = REPLACED_WHOLE.has(field) ? value : merge(defaults[key], value, field);
  }
  return out;
}

const REPLACED_WHOLE = new Set<string>(["config.tags", "config.backend", ...CREDENTIAL_PASSTHROUGH_REPLACED_WHOLE, ...UNITY_CATALOG_REPLACED_WHOLE]);
const OPTIONAL_KEYS = new Set([
  ...CROSS_ACCOUNT_OPTIONAL_KEYS,
  ...CREDENTIAL_PASSTHROUGH_OPTIONAL_KEYS,
  ...KINESIS_CONSUMERS_OPTIONAL_KEYS,
  ...UNITY_CATALOG_OPTIONAL_KEYS,
  "config.dataAccount.region",
  "config.dataAccount.assumeRoleName",
  "config.dataAccount.assumeRoleExternalId",
  "config.dataAccount.profile",
  "config.databricks.workspaceCrossAccountRoleName",
  "config.databricks.workspaceAuth",
  "config.databricks.accountAuth",
  "config.crossAccountPolicy.vpcId",
  "config.crossAccountPolicy.securityGroupId",
]);

function validateHost(field: string, value: unknown): void {
  expectType(field, value, "string");
  if (!/^https:\/\/[a-z0-9.-]+(:\d+)?\/?$/.test(value as string)) {
    throw new ValidationError(field, value, "must be an https:// URL of a host, e.g. https://dbc-1234.cloud.databricks.com");
  }
}

function validateDatabricksAuth(field: string, auth: unknown, authTypes: readonly string[]): void {
  if (auth === undefined) return;
  if (!isObject(auth)) throw new ValidationError(field, auth, "must be an object");
  for (const [key, value] of Object.entries(auth)) {
    if (!["profile", "authType", "clientId"].includes(key)) throw new ValidationError(`${field}.${key}`, value, "is not a known configuration field");
    expectType(`${field}.${key}`, value, "string");
  }
  if (auth.authType !== undefined) oneOf(`${field}.authType`, auth.authType, authTypes);
}

/** Checks every field; throws a {@link ValidationError} naming the field, the value and the rule. */
export function validateConfig(config: AppConfig): AppConfig {
  expectType("config.namePrefix", config.namePrefix, "string");
  validateNamePrefix("config.namePrefix", config.namePrefix);
  expectType("config.region", config.region, "string");
  validateRegion("config.region", config.region);
  expectType("config.workspaceAccountId", config.workspaceAccountId, "string");
  validateAccountId("config.workspaceAccountId", config.workspaceAccountId);

  const data = config.dataAccount;
  if (!isObject(data)) throw new ValidationError("config.dataAccount", data, "must be an object");
  expectType("config.dataAccount.accountId", data.accountId, "string");
  validateAccountId("config.dataAccount.accountId", data.accountId);
  if (data.accountId === config.workspaceAccountId) {
    throw new ValidationError("config.dataAccount.accountId", data.accountId, "must differ from config.workspaceAccountId (this is cross-account access)");
  }
  if (data.region !== undefined) validateRegion("config.dataAccount.region", data.region);
  if (data.assumeRoleName !== undefined) validateRoleName("config.dataAccount.assumeRoleName", data.assumeRoleName);
  validateExternalId("config.dataAccount.assumeRoleExternalId", data.assumeRoleExternalId);
  if (data.profile !== undefined) expectType("config.dataAccount.profile", data.profile, "string");
  if (data.profile === undefined && data.assumeRoleName === undefined) {
    throw new ValidationError("config.dataAccount", data, "must set assumeRoleName or profile so the aliased provider can reach the account");
  }

  validateHost("config.databricks.workspaceHost", config.databricks?.workspaceHost);
  validateHost("config.databricks.accountHost", config.databricks?.accountHost);
  expectType("config.databricks.deployWorkspaceResources", config.databricks.deployWorkspaceResources, "boolean");
  if (config.databricks.workspaceCrossAccountRoleName !== undefined) {
    expectType("config.databricks.workspaceCrossAccountRoleName", config.databricks.workspaceCrossAccountRoleName, "string");
    validateRoleName("config.databricks.workspaceCrossAccountRoleName", config.databricks.workspaceCrossAccountRoleName);
  }

  validateDatabricksAuth("config.databricks.workspaceAuth", config.databricks.workspaceAuth, WORKSPACE_AUTH_TYPES);
  validateDatabricksAuth("config.databricks.accountAuth", config.databricks.accountAuth, ACCOUNT_AUTH_TYPES);

  if (!isObject(config.tags)) throw new ValidationError("config.tags", config.tags, "must be an object of string values");
  for (const [k, v] of Object.entries(config.tags)) {
    expectType(`config.tags.${k}`, v, "string");
    if (k.length > 128 || (v as string).length > 256) throw new ValidationError(`config.tags.${k}`, v, "keys must be at most 128 and values 256 characters");
  }

  expectType("config.bucket.versioned", config.bucket.versioned, "boolean");
  expectType("config.bucket.forceDestroy", config.bucket.forceDestroy, "boolean");
  oneOf("config.bucket.encryption", config.bucket.encryption, ["S3_MANAGED", "KMS"] as const);
  validateBucketName("config.namePrefix", `${config.namePrefix}-ds`);

  expectType("config.cluster.name", config.cluster.name, "string");
  for (const f of ["minWorkers", "maxWorkers", "autoterminationMinutes"] as const) {
    expectType(`config.cluster.${f}`, config.cluster[f], "number");
  }
  validateIntegerRange("config.cluster.minWorkers", config.cluster.minWorkers, 0, 100000);
  validateIntegerRange("config.cluster.maxWorkers", config.cluster.maxWorkers, 1, 100000);
  if (config.cluster.maxWorkers < config.cluster.minWorkers) {
    throw new ValidationError("config.cluster.maxWorkers", config.cluster.maxWorkers, `must be at least config.cluster.minWorkers (${config.cluster.minWorkers})`);
  }
  if (config.cluster.autoterminationMinutes !== 0) {
    validateIntegerRange("config.cluster.autoterminationMinutes", config.cluster.autoterminationMinutes, 10, 10000);
  }

  oneOf("config.crossAccountPolicy.policyType", config.crossAccountPolicy.policyType, ["managed", "customer", "restricted"] as const);
  expectType("config.iamPropagationWaitSeconds", config.iamPropagationWaitSeconds, "number");
  validateIntegerRange("config.iamPropagationWaitSeconds", config.iamPropagationWaitSeconds, 0, 300);
  expectType("config.skipInstanceProfileValidation", config.skipInstanceProfileValidation, "boolean");

  const backend = config.backend;
  if (!isObject(backend)) throw new ValidationError("config.backend", backend, "must be an object");
  oneOf("config.backend.type", backend.type, ["local", "s3"] as const);
  if (backend.type === "s3") {
    expectType("config.backend.bucket", backend.bucket, "string");
    validateBucketName("config.backend.bucket", backend.bucket);
    expectType("config.backend.keyPrefix", backend.keyPrefix, "string");
    validateRegion("config.backend.region", backend.region);
    if (backend.useLockfile === false && backend.dynamodbTable === undefined) {
      throw new ValidationError("config.backend.useLockfile", false, "may only be false when config.backend.dynamodbTable provides locking");
    }
  }
  validateCrossAccountConfig(config.crossAccount, config);
  validateCredentialPassthroughConfig(config.credentialPassthrough, config.namePrefix);
  validateKinesisConsumersConfig(config.kinesisConsumers, config);
  validateUnityCatalogConfig(config.unityCatalog, { namePrefix: config.namePrefix, dataAccountId: config.dataAccount.accountId });
  return config;
}

/** The defaults with `override` merged on top, validated. */
export function resolveConfig(override: Json | Record<string, unknown> = {}): AppConfig {
  return validateConfig(merge(DEFAULT_CONFIG, override, "config") as AppConfig);
}

/** Reads an optional JSON config file (see `config/example.config.json`) and resolves it. */
export function loadConfig(file?: string): AppConfig {
  if (file === undefined) return resolveConfig();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ValidationError("config file", file, `must be readable JSON (${(e as Error).message})`);
  }
  if (!isObject(parsed)) throw new ValidationError("config file", file, "must contain a JSON object");
  return resolveConfig(parsed as Record<string, unknown>);
}
