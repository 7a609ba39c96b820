/**
 * Reads Terraform's machine-readable output (`validate -json`, `plan -json`) and compares what the
 * plan creates with the configuration. Pure: no file system, no processes.
 */
import { TerraformConfig, allBlocks } from "./terraform-json";

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

/**
 * What the plan and the configuration disagree on: resources declared but not created, and
 * creations not declared. Empty when the plan creates exactly the configuration's resources (a
 * fresh state: every resource is new). The resources per type are pinned by the stacks' unit tests.
 */
export function unplannedResources(config: TerraformConfig, creates: readonly string[]): string[] {
  const declared = allBlocks(config).filter((b) => b.mode === "managed");
  const instanceOf = (address: string, created: string) => created === address || created.startsWith(`${address}[`);
  return [
    ...declared.filter((b) => !creates.some((c) => instanceOf(b.address, c))).map((b) => `${b.address} is in the configuration but the plan does not create it`),
    ...creates.filter((c) => !declared.some((b) => instanceOf(b.address, c))).map((c) => `the plan creates ${c}, which the configuration does not declare`),
  ];
}
