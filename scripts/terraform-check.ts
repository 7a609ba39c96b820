/**
 * `npm run validate`: proves every synthesized stack with the real Terraform CLI, offline.
 *
 *   node --import tsx scripts/terraform-check.ts [options] [stack...]
 *
 * For each stack: `terraform init -backend=false` + `terraform validate` with providers only from the
 * filesystem mirror, then `terraform plan` with mocked AWS providers whose endpoints all point at a
 * closed loopback port, which must create every resource of the copy (the unit tests pin the
 * resources per type). Blocks of providers missing from the mirror are left out (and printed), with
 * placeholders for what remaining blocks read from them. Without terraform or the mirror, checks
 * print SKIPPED and pass, except under CI=true.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "node:util";
import { cdktfBindingKindLookup } from "./terraform-check/attribute-kinds";
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
  --mirror <dir>       the provider filesystem mirror (default: /opt/tf-plugins)
  --concurrency <n>    stacks checked at once (default: 2)
  --keep-temp          keep the temp copies (their path is printed)
  --verbose            print Terraform warnings
  -h, --help           this text`;

/** The command line, read by `node:util` parseArgs (unknown options and missing values are errors). */
function optionsOf(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      "stacks-dir": { type: "string" },
      app: { type: "string", default: "main.ts" },
      mirror: { type: "string", default: "/opt/tf-plugins" },
      concurrency: { type: "string", default: "2" },
      "keep-temp": { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error("--concurrency must be a positive integer");
  return { ...values, concurrency, stacks: positionals };
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
  const options = optionsOf(process.argv.slice(2));
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
  if (options["stacks-dir"]) {
    stacksDir = path.resolve(options["stacks-dir"]);
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

  // Report.
  const rows = [["stack", "validated", "planned (to create)", "left out", "seconds"]];
  for (const r of reports) {
    rows.push([r.stack, r.validate === "passed" ? "yes" : r.validate, r.planned !== undefined ? String(r.planned) : r.plan, leftOutSummary(r), r.seconds.toFixed(1)]);
    failures.push(...r.failures.map((f) => `stack ${r.stack}: ${f}`));
  }
  console.log("\n" + table(rows));
  const skipped = reports.flatMap((r) => r.skipped);
  for (const s of skipped) console.log(`SKIPPED: ${s}`);
  if (skipped.length > 0 && ci) failures.push(`CI=true but ${skipped.length} check(s) were skipped: CI must have terraform and the provider mirror`);
  if (options["keep-temp"]) console.log(`temp copies kept in ${tempRoot}`);
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
      console.error(`terraform check failed: ${error instanceof Error ? error.message : String(error)} (--help lists the options)`);
      process.exit(1);
    },
  );
}
