import { readFileSync } from "fs";
import * as path from "path";
import { z } from "zod";
import { validatePassthroughDatasets } from "../../modules/databricks/credential-passthrough";
import { AWS_SIGNIN_SAML_AUDIENCE } from "../../modules/iam/saml-provider";
import {
  ValidationError,
  validateBucketName,
  validateSamlMetadataDocument,
  validateSamlProviderName,
  validateSparkVersion,
} from "../../modules/private/validation";
import { projectRoot } from "../project-root";
import { checkWorkerRange, clusterFields } from "./cluster";
import { kmsKeyArn, mountName, prefixedRoleName } from "./cross-account";
import { checkedString, report } from "./rules";

/** The example metadata shipped for `cdktf synth` on a fresh clone. */
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
  .default({ file: EXAMPLE_SAML_METADATA_FILE })
  .describe('The IdP\'s SAML 2.0 metadata: {"file": "<path>"} or {"document": "<xml>"}; replaced whole when set. The default is a fake example that IAM rejects.');

const SAML_AUDIENCE_RULE = "must be an https:// URL or a urn: (the endpoint SAML assertions are posted to)";

/** The `credentialPassthrough` section: IAM credential passthrough with SAML federation. */
export const credentialPassthroughSchema = z
  .strictObject({
    samlProviderName: checkedString(validateSamlProviderName, "IAM SAML provider name; the provider is <namePrefix>-<samlProviderName>.").default("databricks-idp"),
    samlMetadata: samlMetadataSchema,
    samlAudiences: z
      .array(z.string().regex(/^(https:\/\/\S+|urn:\S+)$/, { error: SAML_AUDIENCE_RULE }))
      .min(1, { error: "must be a non-empty list of audience URLs" })
      .default([AWS_SIGNIN_SAML_AUDIENCE])
      .describe("Accepted SAML:aud values on the dataset roles."),
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
    const key = "file" in section.samlMetadata ? "file" : "document";
    report(ctx, ["samlMetadata", key], (field) => validateSamlMetadataDocument(field, loadSamlMetadata(section)), `${FIELD}.samlMetadata.${key}`);
  })
  .prefault({})
  .describe("IAM credential passthrough with SAML federation: one role per dataset, a meta instance profile, a passthrough cluster.");

export type CredentialPassthroughConfig = z.output<typeof credentialPassthroughSchema>;
export type PassthroughDatasetConfig = z.output<typeof datasetSchema>;

/** The metadata XML the section points at: the inline document, or the file's content. */
export function loadSamlMetadata(section: Pick<CredentialPassthroughConfig, "samlMetadata">): string {
  const source = section.samlMetadata;
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
