import * as fs from "fs";
import * as path from "path";
import { IConstruct } from "constructs";
import { Annotations, App, Aspects, IAspect, Manifest, TerraformDataSource, TerraformElement, TerraformResource, TerraformStack } from "cdktf";
import { RULE_EVALUATION_ERROR, RuleCompliance, SecurityRule, SecurityRuleLevel } from "./rule";
import { DATA_ACCESS_SECURITY_RULES } from "./rules";
import { ResolvedStackIndex } from "./stack-index";
import { SecuritySuppression, SecuritySuppressions } from "./suppressions";

/** File name of the report written next to each stack's `cdk.tf.json`. */
export const SECURITY_REPORT_FILE = "security-report.json";

/** What became of a finding. */
export enum FindingStatus {
  /** An error-level finding: synthesis fails. */
  ERROR = "error",
  /** A warning-level finding. */
  WARNING = "warning",
  /** Suppressed with a reason: reported, but neither an error nor a warning. */
  SUPPRESSED = "suppressed",
}

/** One finding of one rule on one block. */
export interface SecurityFinding {
  /** The rule ID, e.g. `IAM-PASSROLE-STAR`. */
  readonly ruleId: string;
  /** The granular finding, e.g. `Resource::*`. */
  readonly finding: string;
  /** The rule's level. */
  readonly level: SecurityRuleLevel;
  /** Error, warning, or suppressed. */
  readonly status: FindingStatus;
  /** The construct that synthesizes the block. */
  readonly constructPath: string;
  /** The block's Terraform address, e.g. `aws_s3_bucket.bucket_3056591E`. */
  readonly address: string;
  /** The annotation text: `RULE-ID[finding]: explanation Fix: hint`. */
  readonly message: string;
  /**
   * Why the finding was suppressed.
   * @default none: only for suppressed findings
   */
  readonly suppressionReason?: string;
}

/** Every finding of one stack, as written to `security-report.json`. */
export interface SecurityReport {
  /** The stack's name. */
  readonly stack: string;
  /** The rules that were run. */
  readonly rules: readonly { readonly id: string; readonly level: SecurityRuleLevel; readonly explanation: string; readonly fix: string }[];
  /** Number of findings per status. */
  readonly summary: Readonly<Record<FindingStatus, number>>;
  /** The findings, in construct order. */
  readonly findings: readonly SecurityFinding[];
}

/** Props of {@link DataAccessSecurityChecks}. */
export interface DataAccessSecurityChecksProps {
  /**
   * The rules to run.
   * @default DATA_ACCESS_SECURITY_RULES
   */
  readonly rules?: readonly SecurityRule[];
  /**
   * Write `cdktf.out/stacks/<stack>/security-report.json` during synthesis.
   * @default true
   */
  readonly writeReport?: boolean;
}

interface StackState {
  readonly index: ResolvedStackIndex;
  readonly findings: SecurityFinding[];
  readonly reportPath?: string;
}

/** `RULE-ID[finding]`, or `RULE-ID` for a rule that names no granular finding. */
function labelOf(ruleId: string, finding: string): string {
  return finding ? `${ruleId}[${finding}]` : ruleId;
}

function messageOf(rule: SecurityRule, finding: string, detail?: string): string {
  return `${labelOf(rule.id, finding)}: ${rule.explanation}${detail ? ` ${detail}` : ""} Fix: ${rule.fix}`;
}

/**
 * The security checks of this library as a cdktf aspect (after cdk-nag): every resource and data
 * source of the stack is checked by each rule against its resolved configuration, as it will be
 * synthesized. Error-level findings are error annotations, which fail `app.synth()` and `cdktf synth`;
 * warnings are warning annotations; suppressed findings are info annotations. Every finding, with its
 * status and suppression reason, goes to `security-report.json` next to the stack's `cdk.tf.json`.
 *
 * ```ts
 * Aspects.of(stack).add(new DataAccessSecurityChecks());
 * ```
 *
 * Add it to each stack, or call {@link DataAccessSecurityChecks.addToEachStack}: cdktf 0.21 invokes
 * aspects from each stack down, so an aspect added to the `App` is never run. Synthesis fails when it
 * was added to the App (checked in every stack with an {@link AwsAccountProvider}). The configuration is read when the aspect reaches the stack's first resource;
 * aspects that change resources afterwards are not seen, and stack-level `addOverride`s are not part
 * of the blocks read.
 */
export class DataAccessSecurityChecks implements IAspect {
  private readonly rules: readonly SecurityRule[];
  private readonly writeReport: boolean;
  private readonly stacks = new Map<TerraformStack, StackState>();
  private readonly checked = new WeakSet<TerraformElement>();

  /**
   * Adds one instance of the checks to every stack under `scope` (usually the App) and returns it, so
   * `reportFor(stack)` answers for each of them. Stacks created afterwards are not covered.
   */
  public static addToEachStack(scope: IConstruct, props: DataAccessSecurityChecksProps = {}): DataAccessSecurityChecks {
    const checks = new DataAccessSecurityChecks(props);
    for (const node of scope.node.findAll()) {
      if (TerraformStack.isStack(node)) Aspects.of(node).add(checks);
    }
    return checks;
  }

  constructor(props: DataAccessSecurityChecksProps = {}) {
    this.rules = [...(props.rules ?? DATA_ACCESS_SECURITY_RULES)];
    this.writeReport = props.writeReport ?? true;
  }

  public visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node) && !TerraformDataSource.isTerraformDataSource(node)) return;
    // Aspects run again on a second synth of the same tree; each block is checked once.
    if (this.checked.has(node)) return;
    this.checked.add(node);
    const state = this.stateOf(node.cdktfStack);
    const block = state.index.blockOf(node);
    if (!block) return;

    let suppressions: SecuritySuppression[] | undefined;
    let reported = false;
    for (const rule of this.rules) {
      let findings: readonly string[];
      let reportedRule = rule;
      let detail: string | undefined;
      try {
        const result = rule.evaluate(block, state.index);
        if (result.compliance !== RuleCompliance.NON_COMPLIANT) continue;
        findings = result.findings.length > 0 ? result.findings : [""];
      } catch (error) {
        reportedRule = RULE_EVALUATION_ERROR;
        findings = [rule.id];
        detail = `(${rule.id} threw: ${error instanceof Error ? error.message : String(error)})`;
      }
      suppressions ??= SecuritySuppressions.of(node);
      const suppression = suppressions.find((s) => s.id === reportedRule.id);
      for (const finding of findings) {
        const message = messageOf(reportedRule, finding, detail);
        const status = suppression
          ? FindingStatus.SUPPRESSED
          : reportedRule.level === SecurityRuleLevel.ERROR
            ? FindingStatus.ERROR
            : FindingStatus.WARNING;
        state.findings.push({
          ruleId: reportedRule.id,
          finding,
          level: reportedRule.level,
          status,
          constructPath: node.node.path,
          address: block.address,
          message,
          ...(suppression ? { suppressionReason: suppression.reason } : {}),
        });
        if (status === FindingStatus.SUPPRESSED) Annotations.of(node).addInfo(`${labelOf(reportedRule.id, finding)} suppressed: ${suppression!.reason}`);
        else if (status === FindingStatus.ERROR) Annotations.of(node).addError(message);
        else Annotations.of(node).addWarning(message);
        reported = true;
      }
    }
    if (reported) this.write(state);
  }

  /** The findings so far for a stack (all of them once the stack is synthesized). */
  public reportFor(stack: TerraformStack): SecurityReport {
    const state = this.stacks.get(stack);
    const findings = [...(state?.findings ?? [])];
    const count = (status: FindingStatus): number => findings.filter((f) => f.status === status).length;
    return {
      stack: stack.node.id,
      rules: this.rules.map(({ id, level, explanation, fix }) => ({ id, level, explanation, fix })),
      summary: { error: count(FindingStatus.ERROR), warning: count(FindingStatus.WARNING), suppressed: count(FindingStatus.SUPPRESSED) },
      findings,
    };
  }

  private stateOf(stack: TerraformStack): StackState {
    let state = this.stacks.get(stack);
    if (!state) {
      state = { index: new ResolvedStackIndex(stack), findings: [], reportPath: this.writeReport ? reportPathOf(stack) : undefined };
      this.stacks.set(stack, state);
      // Written now so a clean stack has a report too; rewritten whenever findings are added.
      this.write(state);
    }
    return state;
  }

  private write(state: StackState): void {
    if (!state.reportPath) return;
    fs.mkdirSync(path.dirname(state.reportPath), { recursive: true });
    fs.writeFileSync(state.reportPath, JSON.stringify(this.reportFor(state.index.stack), null, 2) + "\n");
  }
}

/** `<outdir>/stacks/<stack>/security-report.json`, the directory cdktf synthesizes the stack into. */
function reportPathOf(stack: TerraformStack): string | undefined {
  let outdir: string;
  try {
    outdir = App.of(stack).outdir;
  } catch {
    return undefined; // a stack outside an App is never synthesized to disk
  }
  return path.join(outdir, Manifest.stacksFolder, stack.node.id, SECURITY_REPORT_FILE);
}
