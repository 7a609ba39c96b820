import { AnnotationMetadataEntryType, Aspects, TerraformStack, Testing } from "cdktf";
import { DataAccessSecurityChecks, DataAccessSecurityChecksProps, SecurityReport } from "../../modules/security";

/** An annotation as the CLI prints it. */
export interface Annotation {
  readonly level: "error" | "warning" | "info";
  readonly path: string;
  readonly message: string;
}

const LEVELS: Record<string, Annotation["level"]> = {
  [AnnotationMetadataEntryType.ERROR]: "error",
  [AnnotationMetadataEntryType.WARN]: "warning",
  [AnnotationMetadataEntryType.INFO]: "info",
};

/** Every annotation in the stack, in construct order. */
export function annotationsOf(stack: TerraformStack): Annotation[] {
  return stack.node.findAll().flatMap((c) =>
    c.node.metadata.filter((m) => m.type in LEVELS).map((m) => ({ level: LEVELS[m.type], path: c.node.path, message: String(m.data) })),
  );
}

/** Adds the checks to the stack, synthesizes it with `Testing.synth`, and returns the report and annotations. */
export function checkStack(stack: TerraformStack, props?: DataAccessSecurityChecksProps): { report: SecurityReport; annotations: Annotation[] } {
  const checks = new DataAccessSecurityChecks(props);
  Aspects.of(stack).add(checks);
  Testing.synth(stack);
  return { report: checks.reportFor(stack), annotations: annotationsOf(stack) };
}

/** `<status> <construct path> <RULE-ID>[<finding>]` per finding: a compact, exact view of a report. */
export function findingsOf(report: SecurityReport): string[] {
  return report.findings.map((f) => `${f.status} ${f.constructPath} ${f.ruleId}[${f.finding}]`);
}
