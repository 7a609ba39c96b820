/**
 * `npm run validate`: proves every synthesized stack with the real Terraform CLI, offline.
 *
 *   node --import tsx scripts/terraform-check.ts [options] [stack...]
 *
 * For each stack: `terraform init -backend=false` + `terraform validate` with providers only from the
 * filesystem mirror, then `terraform plan` with mocked AWS providers whose endpoints all point at a
 * closed loopback port, and the planned resource count compared with scripts/expected-plan-counts.json.
 * Blocks of providers missing from the mirror are left out (and printed). Without terraform or the
 * mirror, checks print SKIPPED and pass, except under CI=true.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cdktfBindingKindLookup } from "./terraform-check/attribute-kinds";
import { ExpectedCounts, compareCounts, updatedCounts } from "./terraform-check/plan-results";
import {
  cliConfig,
  closedLoopbackPort,
  findOnPath,
  mapWithConcurrency,
  networkIsolationPrefix,
  runProcess,
  terraformEnv,
} from "./terraform-check/processes";
import { CheckContext, StackReport, checkStack, stripAnsi } from "./terraform-check/stack-check";
import { AWS_PROVIDER_SOURCE } from "./terraform-check/offline-plan-config";

const USAGE = `Usage: node --import tsx scripts/terraform-check.ts [options] [stack...]

Options:
  --stacks-dir <dir>   check already synthesized stacks (<dir>/<stack>/cdk.tf.json); default: synthesize the app into cdktf.out
  --app <file>         the app entry to synthesize (default: main.ts)
  --expected <file>    planned resource counts per stack (default: scripts/expected-plan-counts.json)
  --update-expected    rewrite the expected counts from this run instead of failing on differences
  --mirror <dir>       the provider filesystem mirror (default: /opt/tf-plugins)
  --concurrency <n>    stacks checked at once (default: 2)
  --keep-temp          keep the temp copies (their path is printed)
  --verbose            print Terraform warnings
  -h, --help           this text`;

interface Options {
  stacksDir?: string;
  app: string;
  expected: string;
  updateExpected: boolean;
  mirror: string;
  concurrency: number;
  keepTemp: boolean;
  verbose: boolean;
  stacks: string[];
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    app: "main.ts",
    expected: path.join("scripts", "expected-plan-counts.json"),
    updateExpected: false,
    mirror: "/opt/tf-plugins",
    concurrency: 2,
    keepTemp: false,
    verbose: false,
    stacks: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--stacks-dir") options.stacksDir = value();
    else if (arg === "--app") options.app = value();
    else if (arg === "--expected") options.expected = value();
    else if (arg === "--update-expected") options.updateExpected = true;
    else if (arg === "--mirror") options.mirror = value();
    else if (arg === "--concurrency") options.concurrency = Number(value());
    else if (arg === "--keep-temp") options.keepTemp = true;
    else if (arg === "--verbose") options.verbose = true;
    else if (arg === "-h" || arg === "--help") {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else options.stacks.push(arg);
  }
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new Error("--concurrency must be a positive integer");
  return options;
}

/** Stack names of a stacks directory: the synthesis manifest's list when there is one (no stale stacks), else every dir with a cdk.tf.json. */
function discoverStacks(stacksDir: string): string[] {
  const manifest = path.join(path.dirname(stacksDir), "manifest.json");
  if (fs.existsSync(manifest)) {
    const stacks = Object.keys((JSON.parse(fs.readFileSync(manifest, "utf8")) as { stacks?: object }).stacks ?? {});
    if (stacks.length > 0 && stacks.every((s) => fs.existsSync(path.join(stacksDir, s, "cdk.tf.json")))) return stacks.sort();
  }
  return fs
    .readdirSync(stacksDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(stacksDir, d.name, "cdk.tf.json")))
    .map((d) => d.name)
    .sort();
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd()).join("\n");
}

function leftOutSummary(report: StackReport): string {
  if (report.leftOut.length === 0) return "-";
  const providers = new Set(report.leftOut.map((b) => /provider (\S+) not in/.exec(b.reason)?.[1]?.split("/").pop()).filter(Boolean));
  return `${report.leftOut.length} (${[...providers].join(", ")})`;
}

async function main(): Promise<number> {
  const started = Date.now();
  const options = parseArgs(process.argv.slice(2));
  const projectDir = process.cwd();
  const ci = process.env.CI === "true";
  const failures: string[] = [];
  const isolation = await networkIsolationPrefix(projectDir);
  console.log(
    isolation
      ? `network: Terraform and the app run in an empty network namespace (${isolation.map((a) => path.basename(a)).join(" ")})`
      : "network: no network namespace available (unshare); relying on mocked credentials and loopback endpoints",
  );

  // Synthesize (or take the given stacks).
  let stacksDir: string;
  if (options.stacksDir) {
    stacksDir = path.resolve(options.stacksDir);
  } else {
    const outdir = path.resolve("cdktf.out");
    if (!fs.existsSync(options.app)) throw new Error(`app ${options.app} not found in ${projectDir} (use --app or --stacks-dir)`);
    const synth = await runProcess(process.execPath, ["--import", "tsx", options.app], {
      cwd: projectDir,
      // Every stack, the legacy passthrough one (off in the default app) included, unless a config is given.
      env: { ...process.env, CDKTF_OUTDIR: outdir, DATA_ACCESS_CONFIG: process.env.DATA_ACCESS_CONFIG ?? path.join(projectDir, "scripts", "validate.config.json") },
      prefix: isolation,
    });
    if (synth.code !== 0) throw new Error(`synthesis failed (node --import tsx ${options.app}):\n${synth.stderr}${synth.stdout}`);
    console.log(`synthesized ${options.app} into ${path.relative(projectDir, outdir)} in ${synth.seconds.toFixed(1)} s`);
    stacksDir = path.join(outdir, "stacks");
  }
  if (!fs.existsSync(stacksDir)) throw new Error(`stacks directory ${stacksDir} not found`);
  const allStacks = discoverStacks(stacksDir);
  const unknown = options.stacks.filter((s) => !allStacks.includes(s));
  if (unknown.length > 0) throw new Error(`unknown stack(s) ${unknown.join(", ")}; the stacks are: ${allStacks.join(", ")}`);
  const stacks = options.stacks.length > 0 ? options.stacks : allStacks;
  if (stacks.length === 0) throw new Error(`no stacks in ${stacksDir}`);

  // What this machine offers.
  const terraform = findOnPath("terraform");
  let skipReason: string | undefined;
  if (!terraform) skipReason = "terraform not found on PATH";
  else if (!fs.existsSync(options.mirror)) skipReason = `provider filesystem mirror ${options.mirror} not found`;
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), "terraform-check-"));
  const cliConfigFile = path.join(tempRoot, "terraform.rc");
  fs.writeFileSync(cliConfigFile, cliConfig(path.resolve(options.mirror)));
  const env = terraformEnv(process.env, cliConfigFile);
  if (terraform && !skipReason) {
    const version = await runProcess(terraform, ["version"], { cwd: tempRoot, env });
    console.log(`${version.stdout.split("\n")[0]}; providers from ${options.mirror}; temp dir ${tempRoot}`);
  }

  let endpointKeysPromise: Promise<string[]> | undefined;
  const ctx: CheckContext = {
    terraform,
    skipReason,
    mirrorDir: path.resolve(options.mirror),
    tempRoot,
    env,
    isolation,
    endpointUrl: `http://127.0.0.1:${await closedLoopbackPort()}`,
    kindLookup: cdktfBindingKindLookup(projectDir),
    verbose: options.verbose,
    endpointKeys: (dir) =>
      (endpointKeysPromise ??= runProcess(terraform!, ["providers", "schema", "-json"], { cwd: dir, env, prefix: isolation }).then((r) => {
        if (r.code !== 0) throw new Error(`terraform providers schema -json failed:\n${stripAnsi(r.stderr)}`);
        const schema = JSON.parse(r.stdout) as {
          provider_schemas?: Record<string, { provider?: { block?: { block_types?: Record<string, { block?: { attributes?: object } }> } } }>;
        };
        const keys = Object.keys(schema.provider_schemas?.[AWS_PROVIDER_SOURCE]?.provider?.block?.block_types?.endpoints?.block?.attributes ?? {});
        if (keys.length === 0) throw new Error("the AWS provider schema lists no endpoints");
        console.log(`AWS provider schema: ${keys.length} endpoint keys, all pointed at the closed port ${ctx.endpointUrl}`);
        return keys;
      })),
    log: (stack, message) => console.log(`[${stack}] ${message}`),
  };

  const reports = await mapWithConcurrency(stacks, options.concurrency, async (stack) => {
    try {
      return await checkStack(stack, path.join(stacksDir, stack), ctx);
    } catch (error) {
      const report: StackReport = { stack, validate: "failed", plan: "not run", leftOut: [], notes: [], failures: [String(error)], skipped: [], seconds: 0 };
      return report;
    }
  });

  // Expected counts.
  const expectedFile = path.resolve(options.expected);
  const expected: ExpectedCounts = fs.existsSync(expectedFile) ? (JSON.parse(fs.readFileSync(expectedFile, "utf8")) as ExpectedCounts) : {};
  const planned = Object.fromEntries(reports.filter((r) => r.planned !== undefined).map((r) => [r.stack, r.planned as number]));
  const complete = options.stacks.length === 0 && reports.every((r) => r.plan === "passed");
  const updateCommand = options.stacksDir
    ? `node --import tsx ${path.relative(projectDir, __filename)} ${process.argv.slice(2).join(" ")} --update-expected`
    : `npm run validate -- ${process.argv.slice(2).join(" ")} --update-expected`.replace(/\s+/g, " ");
  const countFailures = compareCounts(expected, planned, {
    expectedFile: path.relative(projectDir, expectedFile),
    updateCommand,
    allStacks: complete ? allStacks : undefined,
  });
  if (options.updateExpected) {
    const next = updatedCounts(expected, planned, complete ? allStacks : undefined);
    fs.writeFileSync(expectedFile, JSON.stringify(next, null, 2) + "\n");
    console.log(`updated ${path.relative(projectDir, expectedFile)}${countFailures.length ? ` (${countFailures.length} change(s))` : " (no changes)"}`);
  } else {
    failures.push(...countFailures);
  }

  // Report.
  const rows = [["stack", "validated", "planned (to create)", "left out", "seconds"]];
  for (const r of reports) {
    const expectedCount = expected[r.stack];
    const plannedCell =
      r.planned !== undefined
        ? `${r.planned}${expectedCount !== undefined && expectedCount !== r.planned ? ` (expected ${expectedCount})` : ""}`
        : r.plan;
    rows.push([r.stack, r.validate === "passed" ? "yes" : r.validate, plannedCell, leftOutSummary(r), r.seconds.toFixed(1)]);
    failures.push(...r.failures.map((f) => `stack ${r.stack}: ${f}`));
  }
  console.log("\n" + table(rows));
  const skipped = reports.flatMap((r) => r.skipped);
  for (const s of skipped) console.log(`SKIPPED: ${s}`);
  if (skipped.length > 0 && ci) failures.push(`CI=true but ${skipped.length} check(s) were skipped: CI must have terraform and the provider mirror`);
  if (options.keepTemp) console.log(`temp copies kept in ${tempRoot}`);
  else fs.rmSync(tempRoot, { recursive: true, force: true });

  const total = (Date.now() - started) / 1000;
  for (const f of failures) console.error(`\nFAILED: ${f}`);
  console.log(`\n${failures.length === 0 ? "terraform check passed" : `terraform check failed (${failures.length} failure(s))`} in ${total.toFixed(1)} s`);
  return failures.length === 0 ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`terraform check failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
