/**
 * Proves the library works as a published package for another CDKTF project (`npm run test:consumer`):
 *
 *  1. `npm pack` (which runs `prepack` = `npm run build`) into a temp dir; the tarball holds only
 *     dist/index + dist/modules, README, LICENSE, CHANGELOG.
 *  2. copies examples/consumer to a temp dir (outside the repo, so nothing resolves into the repo's
 *     node_modules) and installs the tarball there with the consumer's own lockfile (the same pinned
 *     cdktf/provider versions; `--prefer-offline` reuses the npm cache).
 *  3. type-checks the consumer against the packaged .d.ts, then runs `cdktf synth` on its cdktf.json.
 *  4. asserts on the synthesized JSON: resources, the grants' statements, the security aspect's report
 *     and annotations.
 *  5. runs scripts/terraform-check.ts on the consumer's output when that script exists (real terraform
 *     validate + offline plan, which must create every resource the stack declares).
 *
 *   node --import tsx scripts/check-consumer.ts [--keep]   # --keep leaves the temp dir for inspection
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { readSynthesizedPolicy, synthesizedBlocks } from "../modules/private/terraform-json/blocks";
import { StatementJson } from "../modules/private/terraform-json/policy-document";

const ROOT = path.resolve(__dirname, "..");
const CONSUMER_SOURCE = path.join(ROOT, "examples", "consumer");
const LIBRARY = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  peerDependencies: Record<string, string>;
};
const STACK = "analytics-data";
const WORKSPACE_ACCOUNT_ID = "111122223333";
const DATA_ACCOUNT_ID = "444455556666";
const EXTERNAL_ID = "analytics-clusters-7f3c";
/** Resources per type of the consumer's stack: two roles with a policy each, an instance profile, two buckets with five settings each. */
const EXPECTED_RESOURCES: Record<string, number> = {
  aws_iam_instance_profile: 1,
  aws_iam_role: 2,
  aws_iam_role_policy: 2,
  aws_s3_bucket: 2,
  aws_s3_bucket_ownership_controls: 2,
  aws_s3_bucket_policy: 2,
  aws_s3_bucket_public_access_block: 2,
  aws_s3_bucket_server_side_encryption_configuration: 2,
  aws_s3_bucket_versioning: 2,
};
const SUPPRESSION_REASON = "the landing zone is a copy that the ingestion jobs rebuild from the source systems";
/** What the tarball may contain; anything else (stacks/, config/, main.ts, scripts/, __tests__/, examples/) fails. */
const ALLOWED_IN_TARBALL = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/index\.(js|d\.ts)|dist\/modules\/.+\.(js|d\.ts))$/;
const REQUIRED_IN_TARBALL = ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "dist/index.js", "dist/index.d.ts"];
/** npm settings worth passing to the child npm; the rest of `npm_*` (e.g. npm_config_local_prefix) would point it at this repo. */
const KEPT_NPM_ENV = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig", "npm_config_globalconfig", "npm_config_cafile"]);

let passed = 0;
const failures: string[] = [];
const timings: [string, number][] = [];

function check(condition: boolean, description: string, detail?: unknown): void {
  if (condition) {
    passed++;
    console.log(`  ok   ${description}`);
  } else {
    failures.push(description);
    console.log(`  FAIL ${description}${detail === undefined ? "" : `\n       got: ${JSON.stringify(detail)}`}`);
  }
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === "INIT_CWD" || (key.toLowerCase().startsWith("npm_") && !KEPT_NPM_ENV.has(key.toLowerCase()))) continue;
    env[key] = value;
  }
  env.CHECKPOINT_DISABLE = "1"; // cdktf-cli's version check would call out
  env.CI = env.CI ?? "true"; // plain cdktf-cli output instead of a spinner
  return env;
}

/** Runs a command to completion; returns stdout. Throws with both streams when it fails. */
function run(label: string, command: string, args: string[], cwd: string): string {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, env: childEnv(), encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  timings.push([label, (Date.now() - started) / 1000]);
  if (result.status !== 0) {
    throw new Error(
      `${label} failed (${command} ${args.join(" ")} in ${cwd}, exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

function readJson<T = any>(file: string): T {
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Module specifiers in compiled JS (`require("x")`) and declarations (`import`/`export ... from "x"`), parsed, not grepped. */
function specifiersOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

function packageNameOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

// ---------------------------------------------------------------------------------------------
// Synthesized JSON helpers

type Block = Record<string, any>;

function blocksOf(stackJson: Block, kind: "resource" | "data", type: string): [string, Block][] {
  const mode = kind === "data" ? "data" : "managed";
  return synthesizedBlocks(stackJson)
    .filter((b) => b.mode === mode && b.type === type)
    .map((b) => [b.name, b.body]);
}

/** The statements of the policy a value names, as the AWS provider renders it (source/override documents merged by Sid). */
function statementsOf(stackJson: Block, value: unknown): StatementJson[] {
  const policy = readSynthesizedPolicy(stackJson, value);
  if (policy.unknown.length > 0 || policy.errors.length > 0) throw new Error(`policy not readable before apply: ${[...policy.unknown, ...policy.errors].join("; ")}`);
  return policy.document.Statement;
}

const listOf = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function hasStatement(statements: StatementJson[], expected: { effect: string; actions: string[]; resources: string[]; principal?: string }): boolean {
  const same = (a: string | string[] | undefined, b: string[]): boolean => JSON.stringify([...listOf(a)].sort()) === JSON.stringify([...b].sort());
  return statements.some(
    (s) =>
      s.Effect === expected.effect &&
      same(s.Action, expected.actions) &&
      same(s.Resource, expected.resources) &&
      (expected.principal === undefined
        ? s.Principal === undefined
        : typeof s.Principal === "object" && Object.keys(s.Principal).join() === "AWS" && same(s.Principal.AWS, [expected.principal])),
  );
}

// ---------------------------------------------------------------------------------------------

function packLibrary(workDir: string): string {
  console.log("== npm pack (prepack builds dist/)");
  const packDir = path.join(workDir, "pack");
  fs.mkdirSync(packDir);
  const output = run("npm pack (incl. build)", "npm", ["pack", "--json", "--pack-destination", packDir], ROOT);
  const [pack] = JSON.parse(output) as { name: string; version: string; filename: string; files: { path: string }[] }[];
  const files = pack.files.map((f) => f.path).sort();
  check(pack.name === LIBRARY.name && pack.version === LIBRARY.version, `tarball is ${LIBRARY.name}@${LIBRARY.version}`, `${pack.name}@${pack.version}`);
  const unexpected = files.filter((f) => !ALLOWED_IN_TARBALL.test(f));
  check(unexpected.length === 0, "tarball holds only dist/index + dist/modules (.js, .d.ts), README, LICENSE, CHANGELOG", unexpected);
  const missing = REQUIRED_IN_TARBALL.filter((f) => !files.includes(f));
  check(missing.length === 0, "tarball has package.json, README.md, LICENSE, CHANGELOG.md, dist/index.js, dist/index.d.ts", missing);
  console.log(`  (${files.length} files, ${pack.filename})`);
  return path.join(packDir, pack.filename);
}

function installConsumer(workDir: string, tarball: string): string {
  console.log("== install the tarball into a copy of examples/consumer");
  const consumerDir = path.join(workDir, "consumer");
  fs.cpSync(CONSUMER_SOURCE, consumerDir, {
    recursive: true,
    filter: (source) => !["node_modules", "cdktf.out", ".gen"].includes(path.basename(source)),
  });
  const mainSource = fs.readFileSync(path.join(consumerDir, "main.ts"), "utf8");
  const localImports = specifiersOf(mainSource).filter((s) => s.startsWith(".") || s.startsWith("/"));
  check(localImports.length === 0 && mainSource.includes(`from "${LIBRARY.name}"`), `consumer imports the library by its package name only`, localImports);

  run("npm install (consumer)", "npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], consumerDir);

  const libraryDir = path.join(consumerDir, "node_modules", LIBRARY.name);
  check(!fs.existsSync(path.join(libraryDir, "node_modules")), "the library has no node_modules of its own (its peers are the consumer's)");
  const pinned = readJson(path.join(CONSUMER_SOURCE, "package.json")).dependencies as Record<string, string>;
  for (const name of Object.keys(LIBRARY.peerDependencies)) {
    const installed = readJson(path.join(consumerDir, "node_modules", name, "package.json")).version;
    check(installed === pinned[name], `peer ${name} installed at the pinned ${pinned[name]}`, installed);
  }

  // Every module the packaged code loads is inside the package, a declared peer or a Node built-in.
  const builtins = new Set(require("module").builtinModules as string[]);
  const strays: string[] = [];
  for (const file of listFiles(path.join(libraryDir, "dist"))) {
    for (const specifier of specifiersOf(fs.readFileSync(file, "utf8"))) {
      if (specifier.startsWith(".")) {
        const target = path.resolve(path.dirname(file), specifier);
        const exists = [".js", ".d.ts", "/index.js", "/index.d.ts", ""].some((ext) => fs.existsSync(target + ext) && fs.statSync(target + ext).isFile());
        if (!target.startsWith(path.join(libraryDir, "dist") + path.sep) || !exists) strays.push(`${path.relative(libraryDir, file)} -> ${specifier}`);
      } else if (!(packageNameOf(specifier) in LIBRARY.peerDependencies) && !builtins.has(specifier.replace(/^node:/, ""))) {
        strays.push(`${path.relative(libraryDir, file)} -> ${specifier}`);
      }
    }
  }
  check(strays.length === 0, "packaged code imports only its own files, its peer dependencies and Node built-ins", strays);

  // Resolved in a child process in the consumer dir: here, Node's package self-reference would find this repo.
  const probe = run(
    "plain node require",
    process.execPath,
    [
      "-e",
      `const name = ${JSON.stringify(LIBRARY.name)};
       const resolved = require.resolve(name);
       const lib = require(name);
       let deep = "loaded";
       try { require(name + "/dist/modules/s3/data-bucket"); } catch (e) { deep = e.code; }
       console.log(JSON.stringify({
         resolved,
         cdktfOfConsumer: require.resolve("cdktf"),
         cdktfOfLibrary: require.resolve("cdktf", { paths: [resolved] }),
         exports: Object.keys(lib).length,
         dataBucket: typeof lib.DataBucket,
         deep,
       }));`,
    ],
    consumerDir,
  );
  const loaded = JSON.parse(probe) as { resolved: string; cdktfOfConsumer: string; cdktfOfLibrary: string; exports: number; dataBucket: string; deep: string };
  check(loaded.resolved === path.join(libraryDir, "dist", "index.js"), `${LIBRARY.name} resolves to the installed tarball's dist/index.js`, loaded.resolved);
  check(
    loaded.cdktfOfConsumer === loaded.cdktfOfLibrary && loaded.cdktfOfConsumer.startsWith(consumerDir + path.sep),
    "the library and the consumer load one and the same cdktf",
    [loaded.cdktfOfConsumer, loaded.cdktfOfLibrary],
  );
  check(loaded.exports > 0 && loaded.dataBucket === "function", "plain node requires the package (no tsx)", loaded);
  check(loaded.deep === "ERR_PACKAGE_PATH_NOT_EXPORTED", "deep imports into dist/ are closed by `exports` (the API is the package root)", loaded.deep);
  // ES-module consumers get named imports from the CommonJS build (Node's static analysis of __exportStar).
  const esm = run(
    "plain node import (ESM)",
    process.execPath,
    ["--input-type=module", "-e", `import { DataBucket, DataAccessSecurityChecks } from ${JSON.stringify(LIBRARY.name)}; console.log(typeof DataBucket, typeof DataAccessSecurityChecks);`],
    consumerDir,
  );
  check(esm.trim() === "function function", "an ES module can import the constructs by name", esm.trim());
  return consumerDir;
}

function synthConsumer(consumerDir: string): string {
  console.log("== type-check and cdktf synth the consumer");
  run("tsc --noEmit (consumer)", process.execPath, [path.join(consumerDir, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", consumerDir], consumerDir);
  check(true, "the consumer type-checks against the packaged declarations");
  // The repo's own cdktf-cli (the same pinned 0.21.0) runs the consumer's cdktf.json app command.
  const cliDir = path.join(ROOT, "node_modules", "cdktf-cli");
  const cdktfCli = path.join(cliDir, readJson(path.join(cliDir, "package.json")).bin.cdktf);
  run("cdktf synth (consumer)", process.execPath, [cdktfCli, "synth"], consumerDir);
  const stackDir = path.join(consumerDir, "cdktf.out", "stacks", STACK);
  check(fs.existsSync(path.join(stackDir, "cdk.tf.json")), `cdktf synth wrote cdktf.out/stacks/${STACK}/cdk.tf.json`);
  return stackDir;
}

function assertSynthesized(consumerDir: string, stackDir: string): void {
  console.log("== assertions on the synthesized stack");
  const stack = readJson<Block>(path.join(stackDir, "cdk.tf.json"));

  const providers = (stack.provider?.aws ?? []) as Block[];
  const defaultProvider = providers.find((p) => p.alias === undefined);
  const dataProvider = providers.find((p) => p.alias === "data");
  check(JSON.stringify(defaultProvider?.allowed_account_ids) === JSON.stringify([WORKSPACE_ACCOUNT_ID]), "default AWS provider pinned to the workspace account", defaultProvider);
  check(JSON.stringify(dataProvider?.allowed_account_ids) === JSON.stringify([DATA_ACCOUNT_ID]), "aliased provider aws.data pinned to the data account", dataProvider);

  const bucketNamed = (name: string): [string, Block] | undefined => blocksOf(stack, "resource", "aws_s3_bucket").find(([, b]) => b.bucket === name);
  const curated = bucketNamed(`analytics-curated-${DATA_ACCOUNT_ID}`);
  const landing = bucketNamed(`analytics-landing-${DATA_ACCOUNT_ID}`);
  check(curated?.[1].provider === "aws.data" && curated[1].force_destroy === false, "DataBucket curated: in the data account, no force_destroy", curated);
  check(landing?.[1].provider === "aws.data" && landing[1].force_destroy === true, "DataBucket landing: in the data account, force_destroy opted in", landing);
  // What the offline plan must create (scripts/terraform-check.ts fails when it leaves out a declared resource).
  const counts: Record<string, number> = {};
  for (const block of synthesizedBlocks(stack).filter((b) => b.mode === "managed")) counts[block.type] = (counts[block.type] ?? 0) + 1;
  const sorted = (o: Record<string, number>) => JSON.stringify(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  check(sorted(counts) === sorted(EXPECTED_RESOURCES), "resources per type: the role pair with its instance profile, two DataBuckets with their settings", counts);
  if (!curated || !landing) return;
  const curatedArn = `arn:aws:s3:::\${aws_s3_bucket.${curated[0]}.bucket}`;
  const landingArn = `arn:aws:s3:::\${aws_s3_bucket.${landing[0]}.bucket}`;

  const roleNamed = (name: string): [string, Block] | undefined => blocksOf(stack, "resource", "aws_iam_role").find(([, b]) => b.name === name);
  const source = roleNamed("analytics-cluster");
  const target = roleNamed("analytics-data-access");
  check(source?.[1].provider === "aws", "CrossAccountAssumeRolePair: source role analytics-cluster in the workspace account", source?.[1].provider);
  check(target?.[1].provider === "aws.data", "CrossAccountAssumeRolePair: target role analytics-data-access in the data account", target?.[1].provider);
  if (!source || !target) return;
  const sourceArn = `\${aws_iam_role.${source[0]}.arn}`;
  const targetArn = `\${aws_iam_role.${target[0]}.arn}`;
  const profiles = blocksOf(stack, "resource", "aws_iam_instance_profile").filter(([, b]) => b.role === `\${aws_iam_role.${source[0]}.name}`);
  check(profiles.length === 1, "the source role has an instance profile", profiles.length);

  const trust = statementsOf(stack, target[1].assume_role_policy);
  check(
    trust.length === 1 &&
      JSON.stringify(trust[0].Principal) === JSON.stringify({ AWS: [sourceArn] }) &&
      JSON.stringify(trust[0].Condition) === JSON.stringify({ StringEquals: { "sts:ExternalId": [EXTERNAL_ID] } }),
    "target role trusts exactly the source role's ARN, with the external ID",
    trust,
  );

  const inlinePolicyOf = (roleId: string): StatementJson[] => {
    const policies = blocksOf(stack, "resource", "aws_iam_role_policy").filter(([, b]) => b.role === `\${aws_iam_role.${roleId}.name}`);
    return policies.flatMap(([, b]) => statementsOf(stack, b.policy));
  };
  const targetPolicy = inlinePolicyOf(target[0]);
  check(
    hasStatement(targetPolicy, { effect: "Allow", actions: ["s3:GetBucketLocation", "s3:ListBucket"], resources: [curatedArn] }) &&
      hasStatement(targetPolicy, { effect: "Allow", actions: ["s3:PutObject", "s3:PutObjectAcl", "s3:GetObject", "s3:DeleteObject"], resources: [`${curatedArn}/*`] }),
    "curated.grantReadWrite(targetRole): list on the bucket, read/write/delete on its objects in the role's policy",
    targetPolicy,
  );
  const curatedPolicy = statementsOf(stack, blocksOf(stack, "resource", "aws_s3_bucket_policy").find(([, b]) => b.bucket === `\${aws_s3_bucket.${curated[0]}.id}`)?.[1].policy);
  check(
    curatedPolicy.every((s) => s.Effect === "Deny") && curatedPolicy.some((s) => s.Sid === "DenyInsecureTransport"),
    "same-account grant leaves the curated bucket policy at deny-non-TLS only",
    curatedPolicy,
  );

  const sourcePolicy = inlinePolicyOf(source[0]);
  check(hasStatement(sourcePolicy, { effect: "Allow", actions: ["sts:AssumeRole"], resources: [targetArn] }), "source role may assume exactly the target role", sourcePolicy);
  check(
    hasStatement(sourcePolicy, { effect: "Allow", actions: ["s3:GetBucketLocation", "s3:ListBucket"], resources: [landingArn] }) &&
      hasStatement(sourcePolicy, { effect: "Allow", actions: ["s3:GetObject"], resources: [`${landingArn}/*`] }),
    "landing.grantRead(sourceRole): the identity side, in the workspace account",
    sourcePolicy,
  );
  const landingPolicy = statementsOf(stack, blocksOf(stack, "resource", "aws_s3_bucket_policy").find(([, b]) => b.bucket === `\${aws_s3_bucket.${landing[0]}.id}`)?.[1].policy);
  check(
    hasStatement(landingPolicy, { effect: "Allow", actions: ["s3:GetBucketLocation", "s3:ListBucket"], resources: [landingArn], principal: sourceArn }) &&
      hasStatement(landingPolicy, { effect: "Allow", actions: ["s3:GetObject"], resources: [`${landingArn}/*`], principal: sourceArn }),
    "landing.grantRead(sourceRole): the resource side, the data account's bucket policy names the source role",
    landingPolicy,
  );

  // The security aspect: its report next to cdk.tf.json and its annotations in the manifest.
  const reportFile = path.join(stackDir, "security-report.json");
  check(fs.existsSync(reportFile), "DataAccessSecurityChecks wrote security-report.json");
  if (!fs.existsSync(reportFile)) return;
  const report = readJson<Block>(reportFile);
  check(report.stack === STACK && report.rules.some((r: Block) => r.id === "S3-FORCE-DESTROY"), "the report names the stack and the rules run", { stack: report.stack, rules: report.rules?.length });
  check(JSON.stringify(report.summary) === JSON.stringify({ error: 0, warning: 0, suppressed: 1 }), "report summary: 0 errors, 0 warnings, 1 suppressed", report.summary);
  const suppressed = (report.findings as Block[]).filter((f) => f.status === "suppressed");
  check(
    suppressed.length === 1 &&
      suppressed[0].ruleId === "S3-FORCE-DESTROY" &&
      suppressed[0].address === `aws_s3_bucket.${landing[0]}` &&
      suppressed[0].suppressionReason === SUPPRESSION_REASON,
    "the landing bucket's S3-FORCE-DESTROY finding is suppressed with the consumer's reason",
    suppressed,
  );
  const annotations = (readJson<Block>(path.join(consumerDir, "cdktf.out", "manifest.json")).stacks?.[STACK]?.annotations ?? []) as Block[];
  check(
    annotations.some((a) => a.level === "@cdktf/info" && a.constructPath === `${STACK}/landing/bucket` && String(a.message).startsWith("S3-FORCE-DESTROY[")) &&
      !annotations.some((a) => a.level === "@cdktf/error"),
    "manifest annotations: the suppression as info on landing/bucket, no errors",
    annotations.map((a) => ({ level: a.level, path: a.constructPath, message: a.message })),
  );
}

function terraformCheck(consumerDir: string): void {
  const script = path.join(ROOT, "scripts", "terraform-check.ts");
  if (!fs.existsSync(script)) {
    console.log("== scripts/terraform-check.ts not present: skipping terraform validate/plan of the consumer");
    return;
  }
  console.log("== scripts/terraform-check.ts on the consumer's stacks");
  const output = run("terraform-check (consumer)", process.execPath, ["--import", "tsx", script, "--stacks-dir", path.join(consumerDir, "cdktf.out", "stacks")], ROOT);
  process.stdout.write(output.split("\n").map((line) => `  | ${line}`).join("\n") + "\n");
  check(true, "terraform init/validate/plan pass on the consumer's stack; the plan creates every resource it declares");
}

function main(): void {
  const keep = process.argv.includes("--keep");
  const started = Date.now();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "consumer-check-"));
  let error: unknown;
  try {
    const tarball = packLibrary(workDir);
    const consumerDir = installConsumer(workDir, tarball);
    const stackDir = synthConsumer(consumerDir);
    assertSynthesized(consumerDir, stackDir);
    terraformCheck(consumerDir);
  } catch (e) {
    error = e;
  }
  console.log("== timings");
  for (const [label, seconds] of timings) console.log(`  ${label.padEnd(28)} ${seconds.toFixed(1)} s`);
  console.log(`  ${"total".padEnd(28)} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (error !== undefined) {
    failures.push(error instanceof Error ? error.message : String(error));
    console.error(`consumer check: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (keep || failures.length > 0) console.log(`consumer check: work dir kept at ${workDir}`);
  else fs.rmSync(workDir, { recursive: true, force: true });
  console.log(`consumer: ${passed} passed, ${failures.length} failed`);
  if (failures.length > 0) process.exitCode = 1;
}

main();
