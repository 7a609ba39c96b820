import type { AppConfig } from "./index";

/** AWS's length limits of the names built from `namePrefix`. */
const LIMITS = {
  "S3 bucket name": 63,
  "IAM role name": 64,
  "IAM instance profile name": 128,
  "IAM policy name": 128,
  "IAM SAML provider name": 128,
  "Kinesis stream name": 128,
  "Kinesis consumer name": 128,
  "Lambda function name": 64,
  "KCL application name": 238,
} as const;

/** A name built as `<namePrefix>-<suffix>`; `field` is the config field holding the suffix, when it is configurable. */
export interface PrefixedName {
  readonly kind: keyof typeof LIMITS;
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
  return names;
}

/** A violated name length: where to report it and why. */
export interface NameLengthIssue {
  readonly path: ReadonlyArray<string | number>;
  readonly input: string;
  readonly message: string;
}

/**
 * The prefix may be as long as the room the longest built name leaves. A configurable suffix that leaves
 * no room for even one character is that field's fault; otherwise the prefix is reported once, naming
 * the name that limits it.
 */
export function checkNameLengths(config: AppConfig): NameLengthIssue[] {
  const issues: NameLengthIssue[] = [];
  let tightest: { room: number; name: PrefixedName } | undefined;
  for (const name of prefixedNames(config)) {
    const limit = LIMITS[name.kind];
    const room = limit - 1 - name.suffix.length;
    if (room < 1 && name.field !== undefined) {
      issues.push({
        path: name.field,
        input: name.suffix,
        message: `must be at most ${limit - 2} characters: <namePrefix>-${name.suffix} is an ${name.kind} (at most ${limit})`,
      });
    } else if (tightest === undefined || room < tightest.room) {
      tightest = { room, name };
    }
  }
  if (tightest !== undefined && config.namePrefix.length > tightest.room) {
    const { name, room } = tightest;
    const from = name.field === undefined ? "" : ` (from config.${name.field.join(".")})`;
    issues.push({
      path: ["namePrefix"],
      input: config.namePrefix,
      message:
        `must be at most ${room} characters here: the longest name built from it, ${config.namePrefix}-${name.suffix}${from}, ` +
        `is an ${name.kind} (at most ${LIMITS[name.kind]} characters)`,
    });
  }
  return issues;
}

/** The prefix's limit with the default names, for the docs. */
export function defaultNamePrefixLimit(config: AppConfig): number {
  return Math.min(...prefixedNames(config).map((n) => LIMITS[n.kind] - 1 - n.suffix.length));
}
