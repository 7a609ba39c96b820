import type { z } from "zod";
import {
  validateBucketName,
  validateFunctionName,
  validateInstanceProfileName,
  validateKclApplicationName,
  validateNamePrefix,
  validatePolicyName,
  validateRoleName,
  validateSamlProviderName,
  validateStreamName,
} from "../../modules/private/validation";
import { validateUnityCatalogName } from "../../modules/private/unity-catalog-rules";
import type { AppConfig } from "./index";
import { fail, passes, report, ruleOf } from "./rules";

/** AWS's length limits of the names built from `namePrefix`, with the validator stating each rule. */
const KINDS = {
  "S3 bucket name": { limit: 63, validate: validateBucketName },
  "IAM role name": { limit: 64, validate: validateRoleName },
  "IAM instance profile name": { limit: 128, validate: validateInstanceProfileName },
  "IAM policy name": { limit: 128, validate: validatePolicyName },
  "IAM SAML provider name": { limit: 128, validate: validateSamlProviderName },
  "Kinesis stream name": { limit: 128, validate: validateStreamName },
  "Kinesis consumer name": { limit: 128, validate: validateStreamName },
  "Lambda function name": { limit: 64, validate: validateFunctionName },
  "KCL application name": { limit: 238, validate: validateKclApplicationName },
  "Unity Catalog name": { limit: 255, validate: validateUnityCatalogName },
} as const;

/** A name built as `<namePrefix>-<suffix>`; `field` is the config field holding the suffix, when it is configurable. */
export interface PrefixedName {
  readonly kind: keyof typeof KINDS;
  readonly suffix: string;
  readonly field?: ReadonlyArray<string | number>;
}

/**
 * Every name the stacks build from the prefix (stacks/*.ts, `prefixed(config, ...)`), so the prefix's
 * real length limit is the room the longest of them leaves.
 */
export function prefixedNames(config: AppConfig): PrefixedName[] {
  const names: PrefixedName[] = [
    { kind: "S3 bucket name", suffix: "ds" },
    { kind: "IAM role name", suffix: "first-ec2s3" },
    { kind: "IAM instance profile name", suffix: "first-profile" },
    { kind: "IAM role name", suffix: "crossaccount-iam-role" },
    { kind: "IAM policy name", suffix: "crossaccount-iam-policy" },
  ];
  const s3 = config.crossAccount.s3;
  if (s3.existingBucketName === undefined) names.push({ kind: "S3 bucket name", suffix: "xacct-ds" });
  names.push(
    { kind: "IAM role name", suffix: s3.sourceRoleName, field: ["crossAccount", "s3", "sourceRoleName"] },
    { kind: "IAM role name", suffix: s3.targetRoleName, field: ["crossAccount", "s3", "targetRoleName"] },
  );
  const k = config.crossAccount.kinesis;
  names.push(
    { kind: "IAM role name", suffix: k.sourceRoleName, field: ["crossAccount", "kinesis", "sourceRoleName"] },
    { kind: "IAM role name", suffix: k.targetRoleName, field: ["crossAccount", "kinesis", "targetRoleName"] },
  );
  if (k.createStreams) {
    k.streamNames.forEach((name, i) => names.push({ kind: "Kinesis stream name", suffix: name, field: ["crossAccount", "kinesis", "streamNames", i] }));
  }
  const cp = config.credentialPassthrough;
  if (cp.existingBucketName === undefined) names.push({ kind: "S3 bucket name", suffix: "passthrough-data" });
  names.push(
    { kind: "IAM SAML provider name", suffix: cp.samlProviderName, field: ["credentialPassthrough", "samlProviderName"] },
    { kind: "IAM role name", suffix: cp.metaRoleName, field: ["credentialPassthrough", "metaRoleName"] },
  );
  cp.datasets.forEach((d, i) => names.push({ kind: "IAM role name", suffix: d.roleName, field: ["credentialPassthrough", "datasets", i, "roleName"] }));
  const l = config.kinesisConsumers.lambda;
  if (l.enabled) {
    const at = ["kinesisConsumers", "lambda"];
    names.push(
      { kind: "Lambda function name", suffix: l.functionName, field: [...at, "functionName"] },
      { kind: "IAM role name", suffix: `${l.functionName}-role`, field: [...at, "functionName"] },
      { kind: "Kinesis stream name", suffix: l.stream.name, field: [...at, "stream", "name"] },
    );
    if (l.enhancedFanOut) names.push({ kind: "Kinesis consumer name", suffix: l.consumerName, field: [...at, "consumerName"] });
  }
  const kcl = config.kinesisConsumers.kcl;
  if (kcl.enabled) {
    const at = ["kinesisConsumers", "kcl"];
    names.push(
      { kind: "KCL application name", suffix: kcl.applicationName, field: [...at, "applicationName"] },
      { kind: "IAM role name", suffix: kcl.streamRoleName, field: [...at, "streamRoleName"] },
      { kind: "IAM role name", suffix: kcl.workerRoleName, field: [...at, "workerRoleName"] },
    );
    if (kcl.createStream) names.push({ kind: "Kinesis stream name", suffix: kcl.stream.name, field: [...at, "stream", "name"] });
  }
  // Checked whether or not the stack is enabled, as the section's other rules are.
  const uc = config.unityCatalog;
  const at = ["unityCatalog"];
  if (uc.createBucket) names.push({ kind: "S3 bucket name", suffix: "uc-data" });
  names.push(
    { kind: "IAM role name", suffix: uc.storageRoleName, field: [...at, "storageRoleName"] },
    { kind: "Unity Catalog name", suffix: uc.storageCredentialName, field: [...at, "storageCredentialName"] },
  );
  uc.locations.forEach((l, i) => names.push({ kind: "Unity Catalog name", suffix: l.name, field: [...at, "locations", i, "name"] }));
  const ucKinesis = uc.kinesis;
  names.push(
    { kind: "IAM role name", suffix: ucKinesis.roleName, field: [...at, "kinesis", "roleName"] },
    { kind: "Unity Catalog name", suffix: ucKinesis.credentialName, field: [...at, "kinesis", "credentialName"] },
  );
  if (ucKinesis.createStreams) {
    ucKinesis.streamNames.forEach((name, i) => names.push({ kind: "Kinesis stream name", suffix: name, field: [...at, "kinesis", "streamNames", i] }));
  }
  return names;
}

/**
 * The prefix's limit is the room the longest fixed name (`<namePrefix>-crossaccount-iam-role`) leaves; it
 * is reported on `namePrefix`. A configurable name that does not fit with the prefix is reported on its
 * own field, with the whole name and the validator's rule (shorten either).
 */
export function checkNameLengths(config: AppConfig, ctx: z.RefinementCtx): void {
  const names = prefixedNames(config);
  const room = (name: PrefixedName) => KINDS[name.kind].limit - 1 - name.suffix.length;
  const fixed = names.filter((n) => n.field === undefined).sort((a, b) => room(a) - room(b))[0];
  const prefix = config.namePrefix;
  if (prefix.length > room(fixed)) {
    fail(
      ctx,
      ["namePrefix"],
      prefix,
      `must be 1-${room(fixed)} characters: the longest name built from it, <namePrefix>-${fixed.suffix}, is an ${fixed.kind} (at most ${KINDS[fixed.kind].limit} characters)`,
    );
    return;
  }
  // A prefix of the right length and alphabet can still make a name AWS refuses (`xn--abc` gives the
  // bucket `xn--abc-ds`): every fixed name is checked whole and the first one refused is reported on namePrefix.
  // (A prefix its own rule refuses is reported by the field already.)
  const refused = passes(validateNamePrefix, prefix) ? names.find((n) => n.field === undefined && !accepts(n, `${prefix}-${n.suffix}`)) : undefined;
  if (refused !== undefined) {
    const whole = `${prefix}-${refused.suffix}`;
    const hint = `<namePrefix>-${refused.suffix} is the ${refused.kind} "${whole}"`;
    ctx.addIssue({ code: "custom", path: ["namePrefix"], message: ruleOf(KINDS[refused.kind].validate), input: prefix, params: { hint } });
    return;
  }
  for (const name of names) {
    const whole = `${prefix}-${name.suffix}`;
    // A suffix its own field refuses is reported there already.
    if (name.field === undefined || !accepts(name, name.suffix) || accepts(name, whole)) continue;
    // The configurable names are never bucket names and their alphabets hold the prefix's, so only the length can fail.
    const hint = `namePrefix "${prefix}" leaves ${room(name) + name.suffix.length - prefix.length} characters for this name; shorten either`;
    report(ctx, name.field, (field) => KINDS[name.kind].validate(field, whole), "", hint);
  }
}

/** Whether the validator of the name's kind accepts `value`. */
function accepts(name: PrefixedName, value: string): boolean {
  return passes(KINDS[name.kind].validate, value);
}

/** The longest `namePrefix` the names allow, and the name that limits it (only the fixed names, or all). */
export function namePrefixLimit(config: AppConfig, fixedOnly = false): { readonly limit: number; readonly name: string } {
  return prefixedNames(config)
    .filter((n) => !fixedOnly || n.field === undefined)
    .map((n) => ({ limit: KINDS[n.kind].limit - 1 - n.suffix.length, name: `<namePrefix>-${n.suffix}, an ${n.kind} of at most ${KINDS[n.kind].limit}` }))
    .sort((a, b) => a.limit - b.limit)[0];
}
