import { readFileSync } from "fs";
import * as path from "path";
import { z } from "zod";
import { validatePassthroughDatasets } from "../../modules/databricks/passthrough-datasets";
import {
  ValidationError,
  validateBucketName,
  validateSamlAudiences,
  validateSamlMetadataDocument,
  validateSamlProviderName,
  validateSparkVersion,
} from "../../modules/private/validation";
import { projectRoot } from "../project-root";
import { checkWorkerRange, clusterFields } from "./cluster";
import { kmsKeyArn, mountName, prefixedRoleName } from "./cross-account";
import { checkedString, flag, report } from "./rules";

/** An example of the metadata format, for tests only: IAM rejects it (its certificate is not real). */
export const EXAMPLE_SAML_METADATA_FILE = "config/saml-idp-metadata.example.xml";

const FIELD = "config.credentialPassthrough";
const PROJECT_ROOT = projectRoot();

const datasetSchema = z
  .strictObject({
    name: z.string().describe("Unique name: 1-40 characters of lowercase letters, digits and hyphens, starting with a letter."),
    roleName: prefixedRoleName("Role name; the IAM role is <namePrefix>-<roleName>."),
    prefix: z.string().describe("Key prefix in the bucket, e.g. data/hr, without leading or trailing slash; not inside another dataset's prefix."),
    mountName: mountName("DBFS mount name: the dataset appears at /mnt/<mountName>."),
  })
  .describe("One dataset: a prefix of the bucket, its role and its mount.");

const samlMetadataSchema = z
  .union([
    z.strictObject({ file: z.string().min(1, { error: "must not be empty" }).describe("A file, relative to the project root or absolute.") }),
    z.strictObject({ document: z.string().describe("The XML inline.") }),
  ], { error: 'must be {"file": "<path>"} or {"document": "<xml>"}' })
  .optional()
  .describe(
    'Your IdP\'s SAML 2.0 metadata: {"file": "<path>"} or {"document": "<xml>"}; replaced whole when set. Required when enabled ' +
      "(read and checked only then); the example file config/saml-idp-metadata.example.xml is refused.",
  );

const SAML_METADATA_REQUIRED =
  'must be set when enabled: {"file": "<path to your IdP\'s SAML metadata XML>"} or {"document": "<xml>"}, ' +
  "exported from the IdP application you set up for Databricks (the example file is rejected by IAM)";

/** The `credentialPassthrough` section: IAM credential passthrough with SAML federation. */
export const credentialPassthroughSchema = z
  .strictObject({
    enabled: flag(
      false,
      "Deploy the credential-passthrough stack. Off by default: passthrough is deprecated from Databricks Runtime 15.0 and " +
        "unavailable on accounts created after June 2023 without Databricks' help.",
    ),
    samlProviderName: checkedString(validateSamlProviderName, "IAM SAML provider name; the provider is <namePrefix>-<samlProviderName>.").default("databricks-idp"),
    samlMetadata: samlMetadataSchema,
    samlAudiences: z
      .array(z.string())
      .check(z.superRefine((audiences: string[], ctx) => report(ctx, [], (field) => validateSamlAudiences(field, audiences))))
      .optional()
      .describe(
        "Accepted SAML:aud values on the dataset roles, each an https:// URL or a urn: (http:// is refused). " +
          "Unset: the workspace's SAML URL, https://<workspaceHost host>/saml/consume.",
      ),
    metaRoleAssumesDataRoles: flag(false, "Let the meta instance profile role assume the dataset roles without SAML (bypasses the IdP; opt-in)."),
    createMountResources: flag(false, "Create the mounts as databricks_mount resources (applied by a federated user only; opt-in). Unset: each mount is an output command."),
    existingBucketName: checkedString(validateBucketName, "An existing bucket holding the datasets, in the workspace account. Unset: the stack creates <namePrefix>-passthrough-data.").optional(),
    existingBucketKeyArn: kmsKeyArn("The KMS key of existingBucketName, when it uses SSE-KMS. Only with existingBucketName.").optional(),
    datasets: z
      .array(datasetSchema)
      .default([
        { name: "sensitive-data", roleName: "sensitive-data-role", prefix: "data/sensitive", mountName: "sensitive-data" },
        { name: "hr-data", roleName: "hr-data-role", prefix: "data/hr", mountName: "hr-data" },
      ])
      .describe("The datasets; replaced whole when set."),
    metaRoleName: prefixedRoleName("Meta instance profile role name; the role and profile are <namePrefix>-<metaRoleName>.").default("passthrough-meta-role"),
    cluster: z
      .strictObject({
        ...clusterFields({ name: "Passthrough", minWorkers: 1, maxWorkers: 50, autoterminationMinutes: 20 }),
        sparkVersion: checkedString(
          validateSparkVersion,
          "Databricks runtime; passthrough is deprecated from 15.0, so the default is the last LTS before it.",
        ).default("14.3.x-scala2.12"),
      })
      .superRefine(checkWorkerRange)
      .prefault({})
      .describe("The passthrough cluster."),
  })
  .superRefine((section, ctx) => {
    if (section.existingBucketKeyArn !== undefined && section.existingBucketName === undefined) {
      ctx.addIssue({ code: "custom", path: ["existingBucketKeyArn"], input: section.existingBucketKeyArn, message: "may only be set with existingBucketName" });
    }
    report(ctx, ["datasets"], (field) => validatePassthroughDatasets(section.datasets, field), `${FIELD}.datasets`);
    // Read and checked only when the stack is deployed: a disabled section may name a file not yet there.
    if (!section.enabled) return;
    const metadata = section.samlMetadata;
    if (metadata === undefined) {
      ctx.addIssue({ code: "custom", path: ["samlMetadata"], input: undefined, message: SAML_METADATA_REQUIRED });
    } else if ("file" in metadata && path.resolve(PROJECT_ROOT, metadata.file) === path.resolve(PROJECT_ROOT, EXAMPLE_SAML_METADATA_FILE)) {
      ctx.addIssue({ code: "custom", path: ["samlMetadata", "file"], input: metadata.file, message: SAML_METADATA_REQUIRED });
    } else {
      const key = "file" in metadata ? "file" : "document";
      report(ctx, ["samlMetadata", key], (field) => validateSamlMetadataDocument(field, loadSamlMetadata(section)), `${FIELD}.samlMetadata.${key}`);
    }
  })
  .prefault({})
  .describe("IAM credential passthrough with SAML federation (legacy, off by default): one role per dataset, a meta instance profile, a passthrough cluster.");

export type CredentialPassthroughConfig = z.output<typeof credentialPassthroughSchema>;
export type PassthroughDatasetConfig = z.output<typeof datasetSchema>;

/** The metadata XML the section points at: the inline document, or the file's content. */
export function loadSamlMetadata(section: Pick<CredentialPassthroughConfig, "samlMetadata">): string {
  const source = section.samlMetadata;
  if (source === undefined) throw new ValidationError(`${FIELD}.samlMetadata`, undefined, SAML_METADATA_REQUIRED);
  if ("document" in source) return source.document;
  try {
    return readFileSync(path.resolve(PROJECT_ROOT, source.file), "utf8");
  } catch (e) {
    throw new ValidationError(
      `${FIELD}.samlMetadata.file`,
      source.file,
      `must be a readable file, relative to the project root or absolute (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
}
