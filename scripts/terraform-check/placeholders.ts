/**
 * Replaces references to left-out blocks with well-typed literal placeholders, wherever they sit in
 * a Terraform JSON string: as the whole value (`"${data.x.y.json}"`), interpolated into a larger
 * string (`"arn:aws:s3:::${x.y.bucket}/*"`), or inside a larger expression (`"${tolist(x.y.ids)}"`).
 * References are found by the library's one parser (modules/private/terraform-json/references.ts).
 * Pure: no file system, no processes.
 */
import { BlockMode, BlockReference, findInterpolations, findReferences } from "../../modules/private/terraform-json/references";
import { Json } from "./terraform-json";

/** What a referenced attribute holds, as far as a placeholder needs to know. */
export type AttributeKind = "policyJson" | "arn" | "string" | "number" | "bool" | "list" | "map";

/** Looks up what an attribute of a (left-out) block type holds, e.g. from the provider's cdktf bindings. */
export type AttributeKindLookup = (mode: BlockMode, type: string, attribute: string) => AttributeKind | undefined;

/**
 * A minimal, valid IAM policy with one statement that grants nothing: it denies reading an object
 * of a bucket name nobody owns, so merging it into a real policy changes no access.
 */
export const PLACEHOLDER_POLICY_JSON = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::terraform-check-placeholder/*" }],
});
/** A syntactically valid ARN in an account that cannot exist. */
export const PLACEHOLDER_ARN = "arn:aws:iam::000000000000:role/terraform-check-placeholder";
export const PLACEHOLDER_STRING = "terraform-check-placeholder";

/** A reference that was replaced, for the report. */
export interface SubstitutedReference {
  readonly reference: string;
  readonly kind: AttributeKind;
}

/** The kind of value a reference yields. Names decide where the lookup does not know the attribute. */
export function referenceKind(ref: BlockReference, lookup?: AttributeKindLookup): AttributeKind {
  const attributes = ref.steps.filter((s): s is { attribute: string } => "attribute" in s).map((s) => s.attribute);
  if (attributes.length === 0) return "string";
  const last = attributes[attributes.length - 1];
  const lastStep = ref.steps[ref.steps.length - 1];
  const indexed = "index" in lastStep;
  const words = last.toLowerCase().split("_");
  const looksLikeArn = words.includes("arn") || words.includes("arns");
  const hint = lookup?.(ref.mode, ref.type, last);
  if (!indexed && (last === "json" || last.endsWith("_json"))) return "policyJson";
  const isList = hint === "list" || (hint === undefined && /_(ids|arns|list)$/.test(last));
  if (isList && !indexed) return "list";
  if (looksLikeArn) return "arn";
  if (hint === "number" || hint === "bool") return hint;
  if (hint === "map" && !indexed) return "map";
  return "string";
}

/** The placeholder value of a reference of this kind. */
export function placeholderValue(kind: AttributeKind, ref?: BlockReference): Json {
  switch (kind) {
    case "policyJson":
      return PLACEHOLDER_POLICY_JSON;
    case "arn":
      return PLACEHOLDER_ARN;
    case "number":
      return 0;
    case "bool":
      return false;
    case "map":
      return {};
    case "list": {
      const last = ref?.steps.filter((s): s is { attribute: string } => "attribute" in s).pop()?.attribute ?? "";
      return [last.toLowerCase().split("_").some((w) => w === "arn" || w === "arns") ? PLACEHOLDER_ARN : PLACEHOLDER_STRING];
    }
    default:
      return PLACEHOLDER_STRING;
  }
}

/** A value as an HCL literal expression (for use inside `${...}`). */
export function hclLiteral(value: Json): string {
  if (typeof value === "string") return escapeTemplate(JSON.stringify(value));
  if (Array.isArray(value)) return `[${value.map(hclLiteral).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)} = ${hclLiteral(v)}`)
      .join(", ")}}`;
  }
  return String(value);
}

/** Literal text inside a template: `${` and `%{` must be doubled to stay literal. */
export function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
}

/** Strings in Terraform JSON are templates: keep literal placeholder text literal. */
function escapeTemplateStrings(value: Json): Json {
  if (typeof value === "string") return escapeTemplate(value);
  if (Array.isArray(value)) return value.map(escapeTemplateStrings);
  return value;
}

/** A scalar placeholder as template text (lists give their first element). */
function templateText(value: Json): string {
  if (Array.isArray(value)) return templateText(value[0] ?? "");
  if (value !== null && typeof value === "object") return "";
  return escapeTemplate(String(value));
}

/**
 * Replaces references to removed blocks in one JSON string value. Returns the new value (which is
 * no longer a string when the whole value was a single list/number/bool reference) and what was replaced.
 */
export function substituteReferences(
  template: string,
  isRemoved: (address: string) => boolean,
  lookup?: AttributeKindLookup,
): { value: Json; substituted: SubstitutedReference[] } {
  const substituted: SubstitutedReference[] = [];
  const interpolations = findInterpolations(template);
  let out = "";
  let cursor = 0;
  for (const interp of interpolations) {
    const refs = findReferences(interp.expression).filter((r) => isRemoved(r.address));
    if (refs.length === 0) continue;
    out += template.slice(cursor, interp.start);
    cursor = interp.end;
    const only = refs.length === 1 && interp.expression.trim() === refs[0].text ? refs[0] : undefined;
    if (only) {
      const kind = referenceKind(only, lookup);
      const value = placeholderValue(kind, only);
      substituted.push({ reference: only.text, kind });
      // The whole string is this one reference: it takes the reference's type, so use the typed value.
      if (interpolations.length === 1 && interp.start === 0 && interp.end === template.length) {
        return { value: escapeTemplateStrings(value), substituted };
      }
      out += templateText(value);
      continue;
    }
    let expression = "";
    let exprCursor = 0;
    for (const ref of refs) {
      const kind = referenceKind(ref, lookup);
      substituted.push({ reference: ref.text, kind });
      expression += interp.expression.slice(exprCursor, ref.start) + hclLiteral(placeholderValue(kind, ref));
      exprCursor = ref.end;
    }
    out += "${" + expression + interp.expression.slice(exprCursor) + "}";
  }
  if (substituted.length === 0) return { value: template, substituted };
  return { value: out + template.slice(cursor), substituted };
}
