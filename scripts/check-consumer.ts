/**
 * Proves the library works as a published package for other CDKTF projects: every `examples/<scenario>/`
 * project, installed and synthesized as a user's copy of it would be (`npm run test:consumer`):
 *
 *  1. one `npm pack` (which runs `prepack` = `npm run build`) into a temp dir; the tarball holds only
 *     dist/index + dist/modules, README, LICENSE, CHANGELOG.
 *  2. each example's package.json lists the library by its package name, cdktf-cli, and the toolchain at
 *     the repository's pinned versions; all examples list the same dependencies and the same tsconfig.
 *  3. copies the first example to a temp dir (outside the repo, so nothing resolves into the repo's
 *     node_modules) and installs it from its package.json plus the tarball (`npm install --prefer-offline
 *     <tarball>`), with a lockfile derived from the repository's (the versions it tests with; the npm
 *     cache then serves every package). The other examples, copied beside it, reuse that install
 *     (node_modules symlinked), which their identical dependency lists make exact.
 *  4. one `tsc --noEmit` over every example against the packaged .d.ts, then each example's own
 *     `cdktf synth` (its installed cdktf-cli runs its cdktf.json app command).
 *  5. asserts on the synthesized JSON: every example passes the security aspect with 0 errors; the
 *     cross-account-s3 example's resources, grant statements, report and annotations in detail.
 *  6. runs scripts/terraform-check.ts once over every example's stacks (real terraform validate +
 *     offline plan, which must create every resource a stack declares).
 *
 *   node --import tsx scripts/check-consumer.ts [--keep]   # --keep leaves the temp dir for inspection
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { readSynthesizedPolicy, synthesizedBlocks } from "../modules/private/terraform-json/blocks";
import { StatementJson } from "../modules/private/terraform-json/policy-document";

const ROOT = path.resolve(__dirname, "..");
const EXAMPLES_DIR = path.join(ROOT, "examples");
type PackageJson = {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const LIBRARY = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as PackageJson & { peerDependencies: Record<string, string>; devDependencies: Record<string, string> };
/** The example installed first (the others reuse its node_modules); the rest in name order. */
const FIRST_EXAMPLE = "cross-account-s3";
/** What every example's package.json lists besides the library, at the repository's pinned versions. */
const EXAMPLE_DEPENDENCIES = ["@cdktf/provider-aws", "@cdktf/provider-databricks", "@cdktf/provider-time", "cdktf", "constructs"];
const EXAMPLE_DEV_DEPENDENCIES = ["@types/node", "cdktf-cli", "tsx", "typescript"];
/** Examples synthesized at once (2 cores here). */
const SYNTH_CONCURRENCY = 2;

// The cross-account-s3 example, asserted in detail.
const STACK = "cross-account-s3";
const WORKSPACE_ACCOUNT_ID = "111122223333";
const DATA_ACCOUNT_ID = "444455556666";
/** Resources per type of that stack: the role pair with its instance profile, two buckets with five settings each, the PassRole policy on the workspace role, the registration after its IAM wait, the cluster. */
const EXPECTED_RESOURCES: Record<string, number> = {
  aws_iam_instance_profile: 1,
  aws_iam_role: 2,
  aws_iam_role_policy: 3,
  aws_s3_bucket: 2,
  aws_s3_bucket_ownership_controls: 2,
  aws_s3_bucket_policy: 2,
  aws_s3_bucket_public_access_block: 2,
  aws_s3_bucket_server_side_encryption_configuration: 2,
  aws_s3_bucket_versioning: 2,
  databricks_cluster: 1,
  databricks_instance_profile: 1,
  time_sleep: 1,
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

/** Runs a command without blocking, so several can run at once; resolves with stdout, rejects with both streams. */
function runAsync(label: string, command: string, args: string[], cwd: string): Promise<string> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv() });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      timings.push([label, (Date.now() - started) / 1000]);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${label} failed (${command} ${args.join(" ")} in ${cwd}, exit ${code ?? signal}):\n${stdout}\n${stderr}`));
    });
  });
}

/** Runs `task` over `items`, at most `limit` at a time, in order of the items. */
async function inBatches<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
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

/** The example projects: every folder of examples/ with a package.json, the first one to install first. */
function exampleNames(): string[] {
  const names = fs
    .readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(EXAMPLES_DIR, d.name, "package.json")))
    .map((d) => d.name)
    .sort();
  return [FIRST_EXAMPLE, ...names.filter((n) => n !== FIRST_EXAMPLE)];
}

/** Each example is a project of its own: the library by name, cdktf-cli, the pinned toolchain; all alike. */
function checkExampleManifests(names: string[]): void {
  console.log(`== the example projects: ${names.join(", ")}`);
  check(names.length > 1 && fs.existsSync(path.join(EXAMPLES_DIR, FIRST_EXAMPLE, "package.json")), `examples/${FIRST_EXAMPLE} and at least one other example exist`, names);
  const first = readJson<PackageJson>(path.join(EXAMPLES_DIR, FIRST_EXAMPLE, "package.json"));
  const pinned = (list: string[]) => Object.fromEntries(list.map((name) => [name, LIBRARY.devDependencies[name]]));
  const expected = {
    dependencies: { ...pinned(EXAMPLE_DEPENDENCIES), [LIBRARY.name]: `^${LIBRARY.version}` },
    devDependencies: pinned(EXAMPLE_DEV_DEPENDENCIES),
  };
  const sorted = (o: Record<string, string> | undefined) => JSON.stringify(Object.entries(o ?? {}).sort(([a], [b]) => a.localeCompare(b)));
  check(
    sorted(first.dependencies) === sorted(expected.dependencies) && sorted(first.devDependencies) === sorted(expected.devDependencies),
    `examples/${FIRST_EXAMPLE}/package.json lists ${LIBRARY.name}@^${LIBRARY.version}, cdktf-cli and the toolchain at the repository's pinned versions`,
    { dependencies: first.dependencies, devDependencies: first.devDependencies, expected },
  );
  const firstTsconfig = fs.readFileSync(path.join(EXAMPLES_DIR, FIRST_EXAMPLE, "tsconfig.json"), "utf8");
  for (const name of names) {
    const dir = path.join(EXAMPLES_DIR, name);
    const mainSource = fs.readFileSync(path.join(dir, "main.ts"), "utf8");
    const pkg = readJson<PackageJson>(path.join(dir, "package.json"));
    if (name !== FIRST_EXAMPLE) check(
      sorted(pkg.dependencies) === sorted(first.dependencies) && sorted(pkg.devDependencies) === sorted(first.devDependencies),
      `examples/${name}: the same dependencies as examples/${FIRST_EXAMPLE} (so its install can be reused)`,
      { dependencies: pkg.dependencies, devDependencies: pkg.devDependencies },
    );
    check(fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8") === firstTsconfig, `examples/${name}: the same tsconfig.json (one tsc run checks them all)`);
    const cdktfJson = readJson<{ app: string }>(path.join(dir, "cdktf.json"));
    check(cdktfJson.app === "node --import tsx main.ts", `examples/${name}: cdktf.json runs main.ts with the example's own tsx`, cdktfJson.app);
    const strays = specifiersOf(mainSource).filter(
      (s) => s.startsWith(".") || s.startsWith("/") || (!(packageNameOf(s) in (pkg.dependencies ?? {})) && !require("module").builtinModules.includes(s.replace(/^node:/, ""))),
    );
    check(strays.length === 0 && mainSource.includes(`from "${LIBRARY.name}"`), `examples/${name}: main.ts imports the library by its package name and nothing it does not list`, strays);
  }
}

/** A lockfile for the example from the repository's: same versions, so the npm cache has every package. */
function writeDerivedLockfile(exampleDir: string): void {
  const pkg = readJson<PackageJson & Record<string, unknown>>(path.join(exampleDir, "package.json"));
  const lock = readJson<{ name: string; version: string; packages: Record<string, unknown> }>(path.join(ROOT, "package-lock.json"));
  const dependencies = { ...pkg.dependencies };
  delete dependencies[LIBRARY.name]; // not on a registry yet: `npm install <tarball>` adds it
  lock.name = pkg.name;
  lock.version = pkg.version;
  lock.packages[""] = { name: pkg.name, version: pkg.version, dependencies, devDependencies: pkg.devDependencies };
  fs.writeFileSync(path.join(exampleDir, "package-lock.json"), JSON.stringify(lock, null, 2));
}

function copyExample(name: string, workDir: string): string {
  const target = path.join(workDir, "examples", name);
  fs.cpSync(path.join(EXAMPLES_DIR, name), target, {
    recursive: true,
    filter: (source) => !["node_modules", "cdktf.out", ".gen", "package-lock.json"].includes(path.basename(source)),
  });
  return target;
}

/** Installs the first example from its package.json plus the tarball; the others link to its node_modules. */
function installExamples(workDir: string, tarball: string, names: string[]): Map<string, string> {
  console.log(`== install the tarball into a copy of examples/${FIRST_EXAMPLE}; the other examples reuse it`);
  const dirs = new Map(names.map((name) => [name, copyExample(name, workDir)]));
  const firstDir = dirs.get(FIRST_EXAMPLE)!;
  writeDerivedLockfile(firstDir);
  run(`npm install (${FIRST_EXAMPLE})`, "npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], firstDir);
  for (const [name, dir] of dirs) if (name !== FIRST_EXAMPLE) fs.symlinkSync(path.join(firstDir, "node_modules"), path.join(dir, "node_modules"), "dir");

  const libraryDir = path.join(firstDir, "node_modules", LIBRARY.name);
  check(!fs.existsSync(path.join(libraryDir, "node_modules")), "the library has no node_modules of its own (its peers are the example's)");
  const pinned = readJson<PackageJson>(path.join(EXAMPLES_DIR, FIRST_EXAMPLE, "package.json")).dependencies ?? {};
  for (const name of Object.keys(LIBRARY.peerDependencies)) {
    const installed = readJson(path.join(firstDir, "node_modules", name, "package.json")).version;
    check(installed === pinned[name], `peer ${name} installed at the pinned ${pinned[name]}`, installed);
  }
  check(fs.existsSync(path.join(firstDir, "node_modules", ".bin", "cdktf")), "the example's own cdktf-cli is installed (node_modules/.bin/cdktf)");

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

  // Resolved in a child process in the example dir: here, Node's package self-reference would find this repo.
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
    firstDir,
  );
  const loaded = JSON.parse(probe) as { resolved: string; cdktfOfConsumer: string; cdktfOfLibrary: string; exports: number; dataBucket: string; deep: string };
  check(loaded.resolved === path.join(libraryDir, "dist", "index.js"), `${LIBRARY.name} resolves to the installed tarball's dist/index.js`, loaded.resolved);
  check(
    loaded.cdktfOfConsumer === loaded.cdktfOfLibrary && loaded.cdktfOfConsumer.startsWith(firstDir + path.sep),
    "the library and the example load one and the same cdktf",
    [loaded.cdktfOfConsumer, loaded.cdktfOfLibrary],
  );
  check(loaded.exports > 0 && loaded.dataBucket === "function", "plain node requires the package (no tsx)", loaded);
  check(loaded.deep === "ERR_PACKAGE_PATH_NOT_EXPORTED", "deep imports into dist/ are closed by `exports` (the API is the package root)", loaded.deep);
  // ES-module consumers get named imports from the CommonJS build (Node's static analysis of __exportStar).
  const esm = run(
    "plain node import (ESM)",
    process.execPath,
    ["--input-type=module", "-e", `import { DataBucket, DataAccessSecurityChecks } from ${JSON.stringify(LIBRARY.name)}; console.log(typeof DataBucket, typeof DataAccessSecurityChecks);`],
    firstDir,
  );
  check(esm.trim() === "function function", "an ES module can import the constructs by name", esm.trim());
  return dirs;
}

/** One tsc over every example (their tsconfig.json files are identical), then each example's own `cdktf synth`. */
async function synthExamples(workDir: string, dirs: Map<string, string>): Promise<Map<string, string>> {
  console.log("== type-check every example, then cdktf synth each");
  const firstDir = dirs.get(FIRST_EXAMPLE)!;
  const tsconfig = readJson<{ compilerOptions: object }>(path.join(firstDir, "tsconfig.json"));
  const allTsconfig = path.join(workDir, "examples", "tsconfig.all.json");
  fs.writeFileSync(allTsconfig, JSON.stringify({ compilerOptions: { ...tsconfig.compilerOptions, typeRoots: [path.join(firstDir, "node_modules", "@types")] }, files: [...dirs.values()].map((d) => path.join(d, "main.ts")) }));
  run("tsc --noEmit (all examples)", process.execPath, [path.join(firstDir, "node_modules", "typescript", "bin", "tsc"), "-p", allTsconfig], firstDir);
  check(true, `${dirs.size} examples type-check against the packaged declarations`);
  const cdktfBin = path.join(firstDir, "node_modules", ".bin", "cdktf");
  const stackDirs = new Map<string, string>();
  await inBatches([...dirs], SYNTH_CONCURRENCY, async ([name, dir]) => {
    await runAsync(`cdktf synth (${name})`, cdktfBin, ["synth"], dir);
    const manifest = readJson<Block>(path.join(dir, "cdktf.out", "manifest.json"));
    const stacks = Object.keys(manifest.stacks ?? {});
    check(stacks.length === 1 && fs.existsSync(path.join(dir, "cdktf.out", "stacks", stacks[0], "cdk.tf.json")), `examples/${name}: cdktf synth wrote one stack`, stacks);
    const errors = stacks.flatMap((s) => (manifest.stacks[s].annotations ?? []).filter((a: Block) => a.level === "@cdktf/error"));
    const report = stacks.length === 1 ? path.join(dir, "cdktf.out", "stacks", stacks[0], "security-report.json") : "";
    const summary = report && fs.existsSync(report) ? readJson<Block>(report).summary : undefined;
    check(errors.length === 0 && summary?.error === 0, `examples/${name}: the security aspect ran and found 0 errors`, { errors, summary });
    for (const s of stacks) stackDirs.set(s, path.join(dir, "cdktf.out", "stacks", s));
  });
  return stackDirs;
}

/** The cross-account-s3 example in detail: providers, buckets, both sides of each grant, the trust, the aspect's report. */
function assertSynthesized(exampleDir: string, stackDir: string): void {
  console.log(`== assertions on examples/${FIRST_EXAMPLE}'s stack`);
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
  check(sorted(counts) === sorted(EXPECTED_RESOURCES), "resources per type: the role pair with its instance profile, two DataBuckets with their settings, the PassRole policy, the registration after its wait, the cluster", counts);
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
  // No external ID: S3A's assumed-role provider sends none (Databricks' AssumeRole guide).
  check(
    trust.length === 1 && JSON.stringify(trust[0].Principal) === JSON.stringify({ AWS: [sourceArn] }) && trust[0].Condition === undefined,
    "target role trusts exactly the source role's ARN",
    trust,
  );

  const inlinePolicyOf = (roleId: string): StatementJson[] => {
    const policies = blocksOf(stack, "resource", "aws_iam_role_policy").filter(([, b]) => b.role === `\${aws_iam_role.${roleId}.name}`);
    return policies.flatMap(([, b]) => statementsOf(stack, b.policy));
  };
  const targetPolicy = inlinePolicyOf(target[0]);
  check(
    hasStatement(targetPolicy, { effect: "Allow", actions: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"], resources: [curatedArn] }) &&
      hasStatement(targetPolicy, { effect: "Allow", actions: ["s3:PutObject", "s3:PutObjectAcl", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], resources: [`${curatedArn}/*`] }),
    "curated.grantReadWrite(targetRole): list the bucket and its pending uploads, read/write/delete (and multipart clean-up) on its objects in the role's policy",
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

  // The cluster reads curated as the role in B (S3A per-bucket keys, Databricks' AssumeRole guide), and only curated.
  const clusters = blocksOf(stack, "resource", "databricks_cluster");
  const curatedName = `analytics-curated-${DATA_ACCOUNT_ID}`;
  check(
    clusters.length === 1 &&
      clusters[0][1].data_security_mode === "NONE" &&
      JSON.stringify(clusters[0][1].spark_conf) ===
        JSON.stringify({
          [`spark.hadoop.fs.s3a.bucket.${curatedName}.acl.default`]: "BucketOwnerFullControl",
          [`spark.hadoop.fs.s3a.bucket.${curatedName}.assumed.role.arn`]: targetArn,
          [`spark.hadoop.fs.s3a.bucket.${curatedName}.aws.credentials.provider`]: "org.apache.hadoop.fs.s3a.auth.AssumedRoleCredentialProvider",
        }),
    "the cluster assumes the target role for the curated bucket only (S3A per-bucket settings), in the no-isolation access mode (NONE)",
    clusters.map(([, b]) => ({ mode: b.data_security_mode, conf: b.spark_conf })),
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
    "the landing bucket's S3-FORCE-DESTROY finding is suppressed with the example's reason",
    suppressed,
  );
  const annotations = (readJson<Block>(path.join(exampleDir, "cdktf.out", "manifest.json")).stacks?.[STACK]?.annotations ?? []) as Block[];
  check(
    annotations.some((a) => a.level === "@cdktf/info" && a.constructPath === `${STACK}/landing/bucket` && String(a.message).startsWith("S3-FORCE-DESTROY[")) &&
      !annotations.some((a) => a.level === "@cdktf/error"),
    "manifest annotations: the suppression as info on landing/bucket, no errors",
    annotations.map((a) => ({ level: a.level, path: a.constructPath, message: a.message })),
  );
}

/** scripts/terraform-check.ts once over every example's stacks, copied side by side into one stacks dir. */
function terraformCheck(workDir: string, stackDirs: Map<string, string>): void {
  const script = path.join(ROOT, "scripts", "terraform-check.ts");
  if (!fs.existsSync(script)) {
    console.log("== scripts/terraform-check.ts not present: skipping terraform validate/plan of the examples");
    return;
  }
  console.log(`== scripts/terraform-check.ts on the examples' ${stackDirs.size} stacks`);
  const allStacks = path.join(workDir, "stacks");
  for (const [stack, dir] of stackDirs) fs.cpSync(dir, path.join(allStacks, stack), { recursive: true });
  const output = run("terraform-check (all examples)", process.execPath, ["--import", "tsx", script, "--stacks-dir", allStacks], ROOT);
  process.stdout.write(output.split("\n").map((line) => `  | ${line}`).join("\n") + "\n");
  check(true, `terraform init/validate/plan pass on ${stackDirs.size} example stacks; each plan creates every resource its stack declares`);
}

async function main(): Promise<void> {
  const keep = process.argv.includes("--keep");
  const started = Date.now();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "examples-check-"));
  let error: unknown;
  try {
    const names = exampleNames();
    checkExampleManifests(names);
    const tarball = packLibrary(workDir);
    const dirs = installExamples(workDir, tarball, names);
    const stackDirs = await synthExamples(workDir, dirs);
    const detailed = stackDirs.get(STACK);
    check(detailed !== undefined, `examples/${FIRST_EXAMPLE} synthesized the stack ${STACK}`, [...stackDirs.keys()]);
    if (detailed !== undefined) assertSynthesized(dirs.get(FIRST_EXAMPLE)!, detailed);
    terraformCheck(workDir, stackDirs);
  } catch (e) {
    error = e;
  }
  console.log("== timings");
  for (const [label, seconds] of timings) console.log(`  ${label.padEnd(36)} ${seconds.toFixed(1)} s`);
  console.log(`  ${"total".padEnd(36)} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (error !== undefined) {
    failures.push(error instanceof Error ? error.message : String(error));
    console.error(`examples check: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (keep || failures.length > 0) console.log(`examples check: work dir kept at ${workDir}`);
  else fs.rmSync(workDir, { recursive: true, force: true });
  console.log(`examples: ${passed} passed, ${failures.length} failed`);
  if (failures.length > 0) process.exitCode = 1;
}

void main();
