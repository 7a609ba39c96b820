import { ValidationError, validateS3Prefix } from "../private/validation";

/** One dataset: a prefix of the bucket, the role that reaches it and where it is mounted. */
export interface PassthroughDatasetProps {
  /** The dataset's name, unique: lowercase letters, digits and hyphens (used in construct IDs). */
  readonly name: string;
  /**
   * Its role's name, unique (the Databricks blog "Introducing Databricks AWS IAM Credential Passthrough" uses
   * `sensitive-data-role`).
   */
  readonly roleName: string;
  /** Its key prefix, not nested in another dataset's (the credential passthrough blog: `data/sensitive`). */
  readonly prefix: string;
  /**
   * Its mount name, unique: it appears at `/mnt/<mountName>` (the credential passthrough blog:
   * `sensitive-data`).
   */
  readonly mountName: string;
}

const DATASET_NAME_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Checks a dataset list: at least one; names, role names and mount names unique; names of lowercase
 * letters, digits and hyphens; valid prefixes, none inside another. `field` names the list in errors.
 */
export function validatePassthroughDatasets(datasets: readonly PassthroughDatasetProps[], field = "CredentialPassthrough.datasets"): void {
  if (datasets.length === 0) throw new ValidationError(field, [], "must name at least one dataset");
  const seen = { name: new Map<string, number>(), roleName: new Map<string, number>(), mountName: new Map<string, number>() };
  datasets.forEach((dataset, i) => {
    if (!DATASET_NAME_PATTERN.test(dataset.name)) {
      throw new ValidationError(`${field}[${i}].name`, dataset.name, "must be 1-40 characters of lowercase letters, digits and hyphens, starting with a letter");
    }
    validateS3Prefix(`${field}[${i}].prefix`, dataset.prefix);
    for (const key of ["name", "roleName", "mountName"] as const) {
      const first = seen[key].get(dataset[key]);
      if (first !== undefined) {
        throw new ValidationError(`${field}[${i}].${key}`, dataset[key], `must be unique (${field}[${first}] has it too)`);
      }
      seen[key].set(dataset[key], i);
    }
  });
  // A prefix inside another would give the outer dataset's role the inner dataset's objects.
  datasets.forEach((dataset, i) => {
    datasets.forEach((other, j) => {
      if (i !== j && (dataset.prefix === other.prefix || dataset.prefix.startsWith(`${other.prefix}/`))) {
        throw new ValidationError(
          `${field}[${i}].prefix`,
          dataset.prefix,
          `must not be inside or equal to ${field}[${j}].prefix "${other.prefix}" (each role must reach only its own dataset)`,
        );
      }
    });
  });
}
