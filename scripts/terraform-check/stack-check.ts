/**
 * One stack through the real Terraform CLI: derive the installable copy, `init -backend=false` +
 * `validate`, then an offline `plan` of the same copy with mocked AWS providers, which must create
 * every resource of the copy.
 */
import * as fs from "fs";
import * as path from "path";
import { AttributeKindLookup } from "./placeholders";
import {
  AWS_PROVIDER_SOURCE,
  offlineProblems,
  placeholderVarArgs,
  providersNotRewritten,
  toOfflinePlanConfig,
} from "./offline-plan-config";
import { Diagnostic, formatDiagnostic, parsePlanJsonStream, parseValidateJson, unplannedResources } from "./plan-results";
import { ProcessResult, runProcess } from "./processes";
import { LeftOutBlock, stripProviders } from "./strip-providers";
import { TerraformConfig, providerSources } from "./terraform-json";

/** Shared by all stacks of one run. */
export interface CheckContext {
  /** The terraform executable, or undefined when not installed (checks are skipped). */
  readonly terraform?: string;
  /** Why checks are skipped, when they are (no terraform, no mirror). */
  readonly skipReason?: string;
  readonly mirrorDir: string;
  readonly tempRoot: string;
  readonly env: NodeJS.ProcessEnv;
  /** Prefix that runs children in an isolated network namespace, if available. */
  readonly isolation?: readonly string[];
  readonly endpointUrl: string;
  readonly kindLookup?: AttributeKindLookup;
  /** The AWS provider's endpoint keys, read once per run from an initialized directory. */
  readonly endpointKeys: (initializedDir: string) => Promise<string[]>;
  readonly log: (stack: string, message: string) => void;
  /**
   * Print Terraform's warnings, not only their number.
   * @default false
   */
  readonly verbose?: boolean;
}

export type CheckStatus = "passed" | "failed" | "skipped" | "not run";

/** What happened to one stack. */
export interface StackReport {
  readonly stack: string;
  validate: CheckStatus;
  plan: CheckStatus;
  /** Resources the plan creates. */
  planned?: number;
  leftOut: LeftOutBlock[];
  notes: string[];
  failures: string[];
  skipped: string[];
  seconds: number;
}

/** Files of a synthesized stack that must not follow it into a temp copy (real state, real lock, real plugins). */
function copyStack(stackDir: string, target: string, config: TerraformConfig): void {
  fs.cpSync(stackDir, target, {
    recursive: true,
    filter: (src) => !/^(\.terraform|\.terraform\.lock\.hcl|terraform\.tfstate.*|.*\.tfplan)$/.test(path.basename(src)),
  });
  fs.writeFileSync(path.join(target, "cdk.tf.json"), JSON.stringify(config, null, 2));
}

/** Terraform colours some output even with -no-color (e.g. `providers schema`). */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}

function describeFailure(step: string, result: ProcessResult, diagnostics: Diagnostic[] = []): string {
  const text = diagnostics.length > 0 ? diagnostics.map(formatDiagnostic).join("\n") : stripAnsi(`${result.stderr}${result.stdout}`).trim();
  return `${step} failed (exit ${result.code ?? "none"}):\n  ${text.replace(/\n/g, "\n  ")}`;
}

/** Which required providers the mirror lacks, with the reason printed for the blocks left out. */
export function missingFromMirror(config: TerraformConfig, mirrorDir: string): Map<string, string> {
  const missing = new Map<string, string>();
  for (const source of new Set(providerSources(config).values())) {
    if (!fs.existsSync(path.join(mirrorDir, ...source.split("/")))) {
      missing.set(source, `provider ${source} not in the filesystem mirror ${mirrorDir}`);
    }
  }
  return missing;
}

/**
 * Setting every endpoint key also sets the aliases of one service (`dms`, `databasemigration`, ...), which
 * the provider reports as a warning per alias group; all point at the same closed port, so it is noise.
 */
export function isEndpointAliasWarning(d: Diagnostic): boolean {
  return d.summary === "Invalid Attribute Combination" && /endpoints\[0\]\./.test(d.detail ?? "");
}

/** Prints warnings (endpoint alias noise only with --verbose); returns a summary for the step's log line. */
function logWarnings(stack: string, warnings: readonly Diagnostic[], ctx: CheckContext): string {
  const noise = warnings.filter(isEndpointAliasWarning);
  for (const w of warnings) if (ctx.verbose || !noise.includes(w)) ctx.log(stack, formatDiagnostic(w));
  if (warnings.length === 0) return "";
  return ` (${warnings.length} warnings${noise.length > 0 ? `, ${noise.length} of them endpoint-alias notices` : ""})`;
}

export async function checkStack(stack: string, stackDir: string, ctx: CheckContext): Promise<StackReport> {
  const started = Date.now();
  const report: StackReport = { stack, validate: "not run", plan: "not run", leftOut: [], notes: [], failures: [], skipped: [], seconds: 0 };
  const finish = () => {
    report.seconds = (Date.now() - started) / 1000;
    return report;
  };
  if (!ctx.terraform || ctx.skipReason) {
    report.validate = report.plan = "skipped";
    report.skipped.push(`terraform validate for ${stack}: ${ctx.skipReason}`, `terraform plan for ${stack}: ${ctx.skipReason}`);
    return finish();
  }
  const terraform = ctx.terraform;
  const tf = (dir: string, args: string[]) => runProcess(terraform, args, { cwd: dir, env: ctx.env, prefix: ctx.isolation });

  const original = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as TerraformConfig;
  const stripped = stripProviders(original, missingFromMirror(original, ctx.mirrorDir), ctx.kindLookup);
  report.leftOut = [...stripped.leftOut];
  const byReason = new Map<string, string[]>();
  for (const block of stripped.leftOut) byReason.set(block.reason, [...(byReason.get(block.reason) ?? []), block.address]);
  for (const [reason, addresses] of byReason) ctx.log(stack, `left out (${reason}): ${addresses.join(", ")}`);
  for (const use of stripped.placeholders) ctx.log(stack, `placeholder (${use.kind}) for ${use.reference} in ${use.in}`);
  for (const dropped of stripped.droppedDependencies) ctx.log(stack, `dropped dependency ${dropped}`);

  // 1. init -backend=false + validate.
  const validateDir = path.join(ctx.tempRoot, stack, "validate");
  copyStack(stackDir, validateDir, stripped.config);
  const init = await tf(validateDir, ["init", "-backend=false", "-input=false", "-no-color"]);
  if (init.code !== 0) {
    report.validate = "failed";
    report.failures.push(describeFailure("terraform init -backend=false", init));
    return finish();
  }
  const validate = await tf(validateDir, ["validate", "-json", "-no-color"]);
  let validateResult;
  try {
    validateResult = parseValidateJson(validate.stdout);
  } catch {
    validateResult = undefined;
  }
  if (validate.code !== 0 || !validateResult?.valid) {
    report.validate = "failed";
    report.failures.push(describeFailure("terraform validate", validate, validateResult?.errors));
    return finish();
  }
  report.validate = "passed";
  ctx.log(stack, `validated in ${(init.seconds + validate.seconds).toFixed(1)} s${logWarnings(stack, validateResult.warnings, ctx)}`);

  // 2. Offline plan of the same derived configuration. The endpoint keys come from the provider
  // schema, which needs an initialized directory: init first (init configures no provider), then
  // write the final configuration and check it before anything plans.
  const usesAws = [...providerSources(stripped.config).values()].includes(AWS_PROVIDER_SOURCE);
  const planDir = path.join(ctx.tempRoot, stack, "plan");
  const offlineConfig = (endpointKeys: readonly string[]) =>
    toOfflinePlanConfig(stripped.config, { endpointKeys, endpointUrl: ctx.endpointUrl, statePath: path.join(planDir, "terraform.tfstate") });
  copyStack(stackDir, planDir, offlineConfig([]).config);
  const planInit = await tf(planDir, ["init", "-input=false", "-no-color"]);
  if (planInit.code !== 0) {
    report.plan = "failed";
    report.failures.push(describeFailure("terraform init (plan copy)", planInit));
    return finish();
  }
  const endpointKeys = usesAws ? await ctx.endpointKeys(planDir) : [];
  const offline = offlineConfig(endpointKeys);
  report.notes.push(...offline.notes);
  for (const note of offline.notes) ctx.log(stack, note);
  const problems = usesAws ? offlineProblems(offline.config, endpointKeys) : [];
  const others = providersNotRewritten(offline.config);
  if (others.length > 0 && !ctx.isolation) {
    problems.push(`providers ${others.join(", ")} are not mocked and no network isolation (unshare -n) is available`);
  }
  if (problems.length > 0) {
    report.plan = "failed";
    report.failures.push(`refusing to plan: the plan copy could reach the network:\n  ${problems.join("\n  ")}`);
    return finish();
  }
  fs.writeFileSync(path.join(planDir, "cdk.tf.json"), JSON.stringify(offline.config, null, 2));
  const plan = await tf(planDir, [
    "plan",
    "-json",
    "-refresh=false",
    "-lock=false",
    "-input=false",
    "-no-color",
    "-out=plan.tfplan",
    ...placeholderVarArgs(offline.config),
  ]);
  const planResult = parsePlanJsonStream(plan.stdout);
  if (plan.code !== 0 || planResult.errors.length > 0 || planResult.summaryAdd === undefined) {
    report.plan = "failed";
    report.failures.push(describeFailure("terraform plan (offline)", plan, planResult.errors));
    return finish();
  }
  const mismatches = [
    ...(planResult.summaryAdd !== planResult.creates.length ? [`plan summary says ${planResult.summaryAdd} to add but lists ${planResult.creates.length} creations`] : []),
    ...unplannedResources(offline.config, planResult.creates),
  ];
  if (mismatches.length > 0) {
    report.plan = "failed";
    report.failures.push(mismatches.join("\n  "));
    return finish();
  }
  report.plan = "passed";
  report.planned = planResult.creates.length;
  ctx.log(stack, `planned ${report.planned} to create in ${(planInit.seconds + plan.seconds).toFixed(1)} s${logWarnings(stack, planResult.warnings, ctx)}`);
  return finish();
}
