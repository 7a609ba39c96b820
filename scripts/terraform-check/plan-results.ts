/**
 * Reads Terraform's machine-readable output (`validate -json`, `plan -json`) and compares planned
 * resource counts with the committed expectation. Pure: no file system, no processes.
 */

/** A Terraform diagnostic, as the JSON outputs carry it. */
export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { readonly filename: string; readonly start: { readonly line: number } };
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.address, d.range ? `${d.range.filename}:${d.range.start.line}` : undefined].filter(Boolean).join(", ");
  const detail = d.detail ? `\n    ${d.detail.trim().replace(/\n/g, "\n    ")}` : "";
  return `${d.severity === "error" ? "Error" : "Warning"}: ${d.summary}${where ? ` (${where})` : ""}${detail}`;
}

/** The result of `terraform validate -json`. */
export interface ValidateResult {
  readonly valid: boolean;
  readonly errors: Diagnostic[];
  readonly warnings: Diagnostic[];
}

export function parseValidateJson(stdout: string): ValidateResult {
  const parsed = JSON.parse(stdout) as { valid: boolean; diagnostics?: Diagnostic[] };
  const diagnostics = parsed.diagnostics ?? [];
  return {
    valid: parsed.valid === true,
    errors: diagnostics.filter((d) => d.severity === "error"),
    warnings: diagnostics.filter((d) => d.severity === "warning"),
  };
}

/** What a `terraform plan -json` run says. */
export interface PlanResult {
  /** Addresses of managed resources the plan creates (including replacements). */
  readonly creates: string[];
  /** `change_summary.add`, when the plan got that far. */
  readonly summaryAdd?: number;
  readonly errors: Diagnostic[];
  readonly warnings: Diagnostic[];
}

interface PlanMessage {
  type?: string;
  change?: { action?: string; resource?: { addr?: string; resource?: string } };
  changes?: { add?: number };
  diagnostic?: Diagnostic;
}

/** Parses the JSON-lines stream of `terraform plan -json`; non-JSON lines are ignored. */
export function parsePlanJsonStream(stdout: string): PlanResult {
  const creates: string[] = [];
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  let summaryAdd: number | undefined;
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    let message: PlanMessage;
    try {
      message = JSON.parse(line) as PlanMessage;
    } catch {
      continue;
    }
    if (message.type === "planned_change" && message.change) {
      const resource = message.change.resource?.resource ?? "";
      const isDataSource = /(^|\.)data\./.test(resource);
      if (!isDataSource && (message.change.action === "create" || message.change.action === "replace")) {
        creates.push(message.change.resource?.addr ?? resource);
      }
    } else if (message.type === "change_summary" && typeof message.changes?.add === "number") {
      summaryAdd = message.changes.add;
    } else if (message.type === "diagnostic" && message.diagnostic) {
      (message.diagnostic.severity === "error" ? errors : warnings).push(message.diagnostic);
    }
  }
  return { creates, summaryAdd, errors, warnings };
}

/** Expected resources to create, by stack (`scripts/expected-plan-counts.json`). */
export type ExpectedCounts = Readonly<Record<string, number>>;

/** Options of {@link compareCounts}. */
export interface CompareOptions {
  /** The expectation file, named in messages. */
  readonly expectedFile: string;
  /** The command that rewrites the file, named in messages. */
  readonly updateCommand: string;
  /**
   * Every stack the app synthesizes, when the run was not restricted to some: entries for other stacks are stale.
   * @default unknown: stale entries are not reported
   */
  readonly allStacks?: readonly string[];
}

/** One failure message per stack whose planned count differs from (or is missing in) the expectation. */
export function compareCounts(expected: ExpectedCounts, planned: ExpectedCounts, options: CompareOptions): string[] {
  const hint = `if the change is intended, run \`${options.updateCommand}\` and commit ${options.expectedFile}`;
  const failures: string[] = [];
  for (const [stack, count] of Object.entries(planned)) {
    const want = expected[stack];
    if (want === undefined) failures.push(`stack ${stack}: plans ${count} resources to create but ${options.expectedFile} has no entry for it; ${hint}`);
    else if (want !== count) failures.push(`stack ${stack}: plans ${count} resources to create, ${options.expectedFile} expects ${want}; ${hint}`);
  }
  for (const stack of Object.keys(expected)) {
    if (options.allStacks && !options.allStacks.includes(stack)) {
      failures.push(`stack ${stack} is in ${options.expectedFile} but the app has no such stack (renamed or removed?); ${hint}`);
    }
  }
  return failures;
}

/** The expectation after `--update-expected`: planned stacks replaced; stacks not in `allStacks` (when known) dropped. */
export function updatedCounts(expected: ExpectedCounts, planned: ExpectedCounts, allStacks?: readonly string[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const [stack, count] of Object.entries(expected)) if (!allStacks || allStacks.includes(stack)) merged[stack] = count;
  Object.assign(merged, planned);
  return Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]]));
}
