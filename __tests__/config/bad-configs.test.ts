/**
 * Bad config files through the real app command: main.ts bundled once as scripts/run-app.js does,
 * then `node <bundle>` per config (in parallel) with DATA_ACCESS_CONFIG pointing at the file. Each
 * must exit 1, print one block naming exactly the expected fields, no stack trace, and write nothing.
 */
import { spawn } from "child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "fs";
import { cpus, tmpdir } from "os";
import { join } from "path";

const ROOT = join(__dirname, "..", "..");
const ARN_B = "arn:aws:kms:us-east-1:444455556666";
const s3Backend = { type: "s3", bucket: "acme-state", keyPrefix: "dbx", region: "us-east-1" };
const json = (value: unknown) => JSON.stringify(value);
const deepList = `${"[".repeat(100000)}${"]".repeat(100000)}`;

/** [what, file content, the fields the block must name (exactly these)]. */
const BAD_CONFIGS: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  // the whole file
  ["the before-stop hook's config", json({ bucket: null, namePrefx: "x" }), ["config.bucket", "config.namePrefx"]],
  ["not JSON", '{"region": }', ["config file"]],
  ["a list", "[]", ["config"]],
  ["a string", '"us-east-1"', ["config"]],
  ["null", "null", ["config"]],
  ["a BOM, then a bad region (the BOM is accepted)", `\uFEFF${json({ region: "mars-1" })}`, ["config.region"]],
  ["a deeply nested list", `{"tags": ${deepList}}`, ["config.tags"]],
  ["two bad fields at once", json({ region: "x", cluster: { maxWorkers: "8" } }), ["config.region", "config.cluster.maxWorkers"]],
  // unknown keys
  ["a dotted key", json({ "dataAccount.region": "eu-west-1" }), ['config["dataAccount.region"]']],
  ["a dotted key in a section", json({ crossAccount: { "s3.existingBucketName": "b" } }), ['config.crossAccount["s3.existingBucketName"]']],
  ["constructor", json({ constructor: {} }), ["config.constructor"]],
  ["toString", json({ toString: "x" }), ["config.toString"]],
  ["__proto__", '{"__proto__": {}}', ["config.__proto__"]],
  ["hasOwnProperty in a section", json({ cluster: { hasOwnProperty: 1 } }), ["config.cluster.hasOwnProperty"]],
  // general fields
  ["namePrefix with capitals", json({ namePrefix: "Bad_Prefix" }), ["config.namePrefix"]],
  ["namePrefix too long for the longest name", json({ namePrefix: "a".repeat(43) }), ["config.namePrefix"]],
  ["namePrefix making the bucket name xn--abc-ds", json({ namePrefix: "xn--abc" }), ["config.namePrefix"]],
  ["namePrefix making the AWS-reserved bucket name sthree-x-ds", json({ namePrefix: "sthree-x" }), ["config.namePrefix"]],
  ["namePrefix a number", json({ namePrefix: 123 }), ["config.namePrefix"]],
  ["namePrefix of 1 MiB", json({ namePrefix: "a".repeat(1 << 20) }), ["config.namePrefix"]],
  ["region a list", json({ region: ["eu-west-1"] }), ["config.region"]],
  ["region unknown", json({ region: "mars-1" }), ["config.region"]],
  ["workspaceAccountId a number", json({ workspaceAccountId: 111122223333 }), ["config.workspaceAccountId"]],
  ["workspaceAccountId short", json({ workspaceAccountId: "1234" }), ["config.workspaceAccountId"]],
  ["51 tags", json({ tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) }), ["config.tags"]],
  ["an aws: tag", json({ tags: { "aws:owner": "x" } }), ['config.tags["aws:owner"]']],
  ["an empty tag key", json({ tags: { "": "x" } }), ['config.tags[""]']],
  ["a tag value not a string", json({ tags: { Team: 5 } }), ["config.tags.Team"]],
  ["a tag value of 257 characters", json({ tags: { Team: "v".repeat(257) } }), ["config.tags.Team"]],
  ["tags a list", json({ tags: ["a"] }), ["config.tags"]],
  ["iamPropagationWaitSeconds too high", json({ iamPropagationWaitSeconds: 301 }), ["config.iamPropagationWaitSeconds"]],
  ["iamPropagationWaitSeconds a string", json({ iamPropagationWaitSeconds: "30" }), ["config.iamPropagationWaitSeconds"]],
  ["iamPropagationWaitSeconds a fraction", json({ iamPropagationWaitSeconds: 1.5 }), ["config.iamPropagationWaitSeconds"]],
  ["skipInstanceProfileValidation a string", json({ skipInstanceProfileValidation: "no" }), ["config.skipInstanceProfileValidation"]],
  // dataAccount
  ["dataAccount null", json({ dataAccount: null }), ["config.dataAccount"]],
  ["dataAccount a string", json({ dataAccount: "444455556666" }), ["config.dataAccount"]],
  ["dataAccount.region a list", json({ dataAccount: { region: ["eu-west-1"] } }), ["config.dataAccount.region"]],
  ["dataAccount.assumeRoleExternalId a list", json({ dataAccount: { assumeRoleExternalId: ["x"] } }), ["config.dataAccount.assumeRoleExternalId"]],
  ["dataAccount.assumeRoleName a number", json({ dataAccount: { assumeRoleName: 123 } }), ["config.dataAccount.assumeRoleName"]],
  ["dataAccount.profile empty", json({ dataAccount: { profile: "" } }), ["config.dataAccount.profile"]],
  ["dataAccount with profile and role", json({ dataAccount: { profile: "p", assumeRoleName: "R" } }), ["config.dataAccount.assumeRoleName"]],
  ["dataAccount the workspace account", json({ dataAccount: { accountId: "111122223333" } }), ["config.dataAccount.accountId"]],
  ["dataAccount in another partition", json({ dataAccount: { region: "cn-north-1" } }), ["config.dataAccount.region"]],
  // databricks
  ["databricks a string", json({ databricks: "https://dbc.cloud.databricks.com" }), ["config.databricks"]],
  ["workspaceHost over http", json({ databricks: { workspaceHost: "http://insecure" } }), ["config.databricks.workspaceHost"]],
  ["deployWorkspaceResources a string", json({ databricks: { deployWorkspaceResources: "no" } }), ["config.databricks.deployWorkspaceResources"]],
  ["accountAuth with a workspace token", json({ databricks: { accountAuth: { authType: "pat" } } }), ["config.databricks.accountAuth.authType"]],
  ["workspaceAuth with a client secret", json({ databricks: { workspaceAuth: { clientSecret: "s3cret" } } }), ["config.databricks.workspaceAuth.clientSecret"]],
  ["workspaceCrossAccountRoleName with a space", json({ databricks: { workspaceCrossAccountRoleName: "bad name" } }), ["config.databricks.workspaceCrossAccountRoleName"]],
  // bucket, cluster, crossAccountPolicy
  ["bucket a list", json({ bucket: [] }), ["config.bucket"]],
  ["bucket.encryption unknown", json({ bucket: { encryption: "AES" } }), ["config.bucket.encryption"]],
  ["bucket.forceDestroy a string", json({ bucket: { forceDestroy: "yes" } }), ["config.bucket.forceDestroy"]],
  ["cluster with max below min", json({ cluster: { minWorkers: 5, maxWorkers: 2 } }), ["config.cluster.maxWorkers"]],
  ["cluster.autoterminationMinutes 5", json({ cluster: { autoterminationMinutes: 5 } }), ["config.cluster.autoterminationMinutes"]],
  ["cluster.name empty", json({ cluster: { name: "" } }), ["config.cluster.name"]],
  ["crossAccountPolicy.vpcId a number", json({ crossAccountPolicy: { policyType: "customer", vpcId: 123 } }), ["config.crossAccountPolicy.vpcId"]],
  ["restricted without VPC", json({ crossAccountPolicy: { policyType: "restricted" } }), ["config.crossAccountPolicy.vpcId", "config.crossAccountPolicy.securityGroupId"]],
  ["managed with a VPC", json({ crossAccountPolicy: { vpcId: "vpc-0123abcd" } }), ["config.crossAccountPolicy.vpcId"]],
  ["policyType unknown", json({ crossAccountPolicy: { policyType: "open" } }), ["config.crossAccountPolicy.policyType"]],
  // backend
  ["backend null", json({ backend: null }), ["config.backend"]],
  ["backend a string", json({ backend: "s3" }), ["config.backend"]],
  ["backend type unknown", json({ backend: { type: "gcs" } }), ["config.backend.type"]],
  ["backend without type", json({ backend: { bucket: "acme-state" } }), ["config.backend.type"]],
  ["local backend with a path", json({ backend: { type: "local", path: "state.tfstate" } }), ["config.backend.path"]],
  ["s3 backend with dynamoDbTable (typo)", json({ backend: { ...s3Backend, dynamoDbTable: "locks" } }), ["config.backend.dynamoDbTable"]],
  ["s3 backend useLockfile a string", json({ backend: { ...s3Backend, useLockfile: "no" } }), ["config.backend.useLockfile"]],
  ["s3 backend dynamodbTable empty", json({ backend: { ...s3Backend, dynamodbTable: "" } }), ["config.backend.dynamodbTable"]],
  ["s3 backend locking off", json({ backend: { ...s3Backend, useLockfile: false } }), ["config.backend.useLockfile"]],
  ["s3 backend without region", json({ backend: { type: "s3", bucket: "acme-state", keyPrefix: "dbx" } }), ["config.backend.region"]],
  ["s3 backend with empty keyPrefix", json({ backend: { ...s3Backend, keyPrefix: "" } }), ["config.backend.keyPrefix"]],
  ["s3 backend keyPrefix with leading slash", json({ backend: { ...s3Backend, keyPrefix: "/dbx" } }), ["config.backend.keyPrefix"]],
  ["s3 backend keyPrefix with trailing slash", json({ backend: { ...s3Backend, keyPrefix: "dbx/" } }), ["config.backend.keyPrefix"]],
  ["s3 backend bucket invalid", json({ backend: { ...s3Backend, bucket: "Bad" } }), ["config.backend.bucket"]],
  // crossAccount
  ["crossAccount.s3 null", json({ crossAccount: { s3: null } }), ["config.crossAccount.s3"]],
  ["crossAccount.s3 existing bucket named like a directory bucket", json({ crossAccount: { s3: { existingBucketName: "their--x-s3" } } }), ["config.crossAccount.s3.existingBucketName"]],
  ["crossAccount.s3 same roles", json({ crossAccount: { s3: { sourceRoleName: "R", targetRoleName: "R" } } }), ["config.crossAccount.s3.targetRoleName"]],
  [
    "crossAccount.s3 KMS alias ARN",
    json({ crossAccount: { s3: { existingBucketName: "their-bucket", existingBucketKmsKeyArn: `${ARN_B}:alias/data` } } }),
    ["config.crossAccount.s3.existingBucketKmsKeyArn"],
  ],
  ["crossAccount.s3 key without existing bucket", json({ crossAccount: { s3: { existingBucketKmsKeyArn: `${ARN_B}:key/k` } } }), ["config.crossAccount.s3.existingBucketKmsKeyArn"]],
  ["crossAccount.kinesis KMS alias ARN", json({ crossAccount: { kinesis: { streamEncryption: "KMS", kmsKeyArn: `${ARN_B}:alias/k` } } }), ["config.crossAccount.kinesis.kmsKeyArn"]],
  ["crossAccount.kinesis no streams", json({ crossAccount: { kinesis: { streamNames: [] } } }), ["config.crossAccount.kinesis.streamNames"]],
  ["crossAccount.kinesis a stream twice", json({ crossAccount: { kinesis: { streamNames: ["a", "a"] } } }), ["config.crossAccount.kinesis.streamNames[1]"]],
  ["crossAccount.kinesis full access without reason", json({ crossAccount: { kinesis: { access: "full-access" } } }), ["config.crossAccount.kinesis.fullAccessReason"]],
  ["crossAccount.kinesis relative notebook path", json({ crossAccount: { kinesis: { notebook: { path: "relative" } } } }), ["config.crossAccount.kinesis.notebook.path"]],
  ["crossAccount.kinesis role too long with the prefix", json({ crossAccount: { kinesis: { sourceRoleName: "r".repeat(60) } } }), ["config.crossAccount.kinesis.sourceRoleName"]],
  // credentialPassthrough
  ["credentialPassthrough.cluster.sparkVersion empty", json({ credentialPassthrough: { cluster: { sparkVersion: "" } } }), ["config.credentialPassthrough.cluster.sparkVersion"]],
  ["samlMetadata with file and document", json({ credentialPassthrough: { samlMetadata: { file: "x", document: "y" } } }), ["config.credentialPassthrough.samlMetadata"]],
  ["samlMetadata file missing", json({ credentialPassthrough: { enabled: true, samlMetadata: { file: "config/none.xml" } } }), ["config.credentialPassthrough.samlMetadata.file"]],
  ["passthrough enabled without metadata", json({ credentialPassthrough: { enabled: true } }), ["config.credentialPassthrough.samlMetadata"]],
  [
    "passthrough enabled with the example metadata",
    json({ credentialPassthrough: { enabled: true, samlMetadata: { file: "config/saml-idp-metadata.example.xml" } } }),
    ["config.credentialPassthrough.samlMetadata.file"],
  ],
  [
    "a dataset without mountName",
    json({ credentialPassthrough: { datasets: [{ name: "hr", roleName: "hr", prefix: "data/hr" }] } }),
    ["config.credentialPassthrough.datasets[0].mountName"],
  ],
  [
    "existingBucketKeyArn an alias",
    json({ credentialPassthrough: { existingBucketName: "their-bucket", existingBucketKeyArn: "arn:aws:kms:us-east-1:111122223333:alias/k" } }),
    ["config.credentialPassthrough.existingBucketKeyArn"],
  ],
  ["samlAudiences over http", json({ credentialPassthrough: { samlAudiences: ["http://x"] } }), ["config.credentialPassthrough.samlAudiences[0]"]],
  // unityCatalog
  [
    "unityCatalog privilege with a space",
    json({ unityCatalog: { locations: [{ name: "a", access: "read", grants: [{ principal: "g", privileges: ["READ FILES"] }] }] } }),
    ["config.unityCatalog.locations[0].grants[0].privileges"],
  ],
  ["unityCatalog without bucket and createBucket false", json({ unityCatalog: { createBucket: false, locations: [{ name: "a", access: "read", grants: [] }] } }), ["config.unityCatalog.locations[0].existingBucketName"]],
  [
    "unityCatalog location key in the workspace account",
    json({ unityCatalog: { locations: [{ name: "a", access: "read", grants: [], existingBucketName: "b-c-d", existingBucketKmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/k" }] } }),
    ["config.unityCatalog.locations[0].existingBucketKmsKeyArn"],
  ],
  ["unityCatalog empty access group", json({ unityCatalog: { kinesis: { accessGroups: [""] } } }), ["config.unityCatalog.kinesis.accessGroups[0]"]],
  ["unityCatalog location name too long with the prefix", json({ unityCatalog: { locations: [{ name: "l".repeat(250), access: "read", grants: [] }] } }), ["config.unityCatalog.locations[0].name"]],
  // kinesisConsumers
  ["lambda.permissions, the old spelling", json({ kinesisConsumers: { lambda: { permissions: "managed-policy" } } }), ["config.kinesisConsumers.lambda.permissions"]],
  ["lambda.logRetentionDays 10", json({ kinesisConsumers: { lambda: { logRetentionDays: 10 } } }), ["config.kinesisConsumers.lambda.logRetentionDays"]],
  [
    "lambda.onFailureDestinationArn in the producer account",
    json({ kinesisConsumers: { lambda: { onFailureDestinationArn: "arn:aws:sqs:us-east-1:111122223333:failures" } } }),
    ["config.kinesisConsumers.lambda.onFailureDestinationArn"],
  ],
  ["kcl.trust CONSUMER_ACCOUNT without externalId", json({ kinesisConsumers: { kcl: { trust: "CONSUMER_ACCOUNT" } } }), ["config.kinesisConsumers.kcl.externalId"]],
  ["kcl.stream.kmsKeyArn an alias", json({ kinesisConsumers: { kcl: { stream: { kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:alias/k" } } } }), ["config.kinesisConsumers.kcl.stream.kmsKeyArn"]],
  ["producerAccount unknown", json({ kinesisConsumers: { producerAccount: "other" } }), ["config.kinesisConsumers.producerAccount"]],
];

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wrote: boolean;
}

const work = mkdtempSync(join(tmpdir(), "bad-configs-"));
// The bundle sits in .gen/ so that its external packages resolve from the project's node_modules.
const bundle = join(ROOT, ".gen", `main-bad-configs-${process.pid}.js`);
const runs = new Map<string, Run>();
let elapsedMs = 0;

function runApp(content: string, index: number): Promise<Run> {
  const file = join(work, `${index}.json`);
  const outdir = join(work, `out-${index}`);
  writeFileSync(file, content);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle], {
      cwd: ROOT,
      env: { ...process.env, DATA_ACCESS_CONFIG: file, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", DATA_ACCESS_DEBUG: "" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr, wrote: existsSync(outdir) && readdirSync(outdir).length > 0 }));
  });
}

beforeAll(async () => {
  const start = Date.now();
  require("esbuild").buildSync({
    entryPoints: [join(ROOT, "main.ts")],
    outfile: bundle,
    bundle: true,
    packages: "external",
    platform: "node",
    target: "node20",
    logLevel: "warning",
  });
  const queue = BAD_CONFIGS.map(([name, content], i) => async () => runs.set(name, await runApp(content, i)));
  const workers = Array.from({ length: Math.max(2, cpus().length) }, async () => {
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) await job();
  });
  await Promise.all(workers);
  elapsedMs = Date.now() - start;
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(bundle, { force: true });
  process.stdout.write(`bad configs: ${BAD_CONFIGS.length} run through the app in ${elapsedMs} ms\n`);
});

/** The fields a failure block names: its lines `  <field> <value> is invalid: ...` / `  <field> is missing: ...`. */
function namedFields(stderr: string): string[] {
  return stderr
    .split("\n")
    .filter((line) => /^ {2}\S/.test(line))
    .map((line) => /^ {2}(config file|\S+) /.exec(line)![1]);
}

test("the table covers at least 60 bad configs", () => {
  expect(BAD_CONFIGS.length).toBeGreaterThanOrEqual(60);
  expect(new Set(BAD_CONFIGS.map(([name]) => name)).size).toBe(BAD_CONFIGS.length);
});

test.each(BAD_CONFIGS)("%s: exit 1, one block naming the field, no stack trace, nothing written", (name, _content, fields) => {
  const run = runs.get(name)!;
  expect(run.status).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(/^Invalid configuration \(\S+\): \d+ problems?\n/);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(namedFields(run.stderr).sort()).toEqual([...fields].sort());
  // Values are cut: a 1 MiB value is not echoed.
  expect(Math.max(...run.stderr.split("\n").map((l) => l.length))).toBeLessThan(400);
  expect(run.wrote).toBe(false);
});

test("a config failure exits before cdktf, constructs or a provider package is loaded (main.ts requires them after the check)", async () => {
  const file = join(work, "loaded-modules.json");
  writeFileSync(file, json({ region: "mars-1" }));
  // Lists, at exit, the loaded modules of those packages; the app's own exit status stays 1.
  const probe = `process.on("exit", () => console.log(JSON.stringify(Object.keys(require.cache).filter((m) => /node_modules[\\\\/](cdktf|constructs|@cdktf)[\\\\/]/.test(m))))); require(${JSON.stringify(bundle)});`;
  const loaded = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, ["-e", probe], { cwd: ROOT, env: { ...process.env, DATA_ACCESS_CONFIG: file, CHECKPOINT_DISABLE: "1" } });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.on("close", (status) => resolve({ status, stdout }));
  });
  expect(loaded.status).toBe(1);
  expect(JSON.parse(loaded.stdout)).toEqual([]);
});
