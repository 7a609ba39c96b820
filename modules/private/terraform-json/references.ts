/**
 * References in Terraform JSON strings (`cdk.tf.json`, or a block as the security aspect resolves it).
 * Every string is a template: `${...}` interpolates an expression, `$${` is a literal `${`.
 * The one parser of references for the library, the tests and the scripts.
 * @see https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping
 */

/** `managed` (a `resource` block) or `data`, as Terraform calls the two modes. */
export type BlockMode = "managed" | "data";

/** One step after `type.name`: an attribute name or an index (`[0]`, `["key"]`, `[*]`, `.*`). */
export type TraversalStep = { readonly attribute: string } | { readonly index: string };

/** A reference to a resource or data source, as written in an expression. */
export interface BlockReference {
  readonly mode: BlockMode;
  readonly type: string;
  readonly name: string;
  /** `aws_iam_role.x` or `data.aws_iam_policy_document.y`. */
  readonly address: string;
  /** The attribute and index steps after the name. */
  readonly steps: readonly TraversalStep[];
  /** The first step when it is an attribute (`arn` in `aws_iam_role.x.arn`). */
  readonly attribute?: string;
  /** The reference exactly as written. */
  readonly text: string;
}

/** One `${...}` of a template string. */
export interface Interpolation {
  /** Index of `$`. */
  readonly start: number;
  /** Index after the closing `}`. */
  readonly end: number;
  /** The text between `${` and `}`. */
  readonly expression: string;
}

/** A template split into literal text (`$${` unescaped) and interpolated expressions (trimmed). */
export type TemplatePart = { readonly literal: string } | { readonly expression: string };

/** The address Terraform uses: `aws_iam_role.x` or `data.aws_iam_policy_document.x`. */
export function blockAddress(mode: BlockMode, type: string, name: string): string {
  return mode === "data" ? `data.${type}.${name}` : `${type}.${name}`;
}

/** The `${...}` interpolations of a template string (skipping escaped `$${`; an unterminated one ends the search). */
export function findInterpolations(template: string): Interpolation[] {
  const found: Interpolation[] = [];
  let i = 0;
  while (i < template.length) {
    if (template.startsWith("$${", i)) {
      i += 3;
      continue;
    }
    if (!template.startsWith("${", i)) {
      i++;
      continue;
    }
    let depth = 0;
    let inString = false;
    let j = i + 2;
    for (; j < template.length; j++) {
      const c = template[j];
      if (inString) {
        if (c === "\\") j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{") depth++;
      else if (c === "}") {
        if (depth === 0) break;
        depth--;
      }
    }
    if (j >= template.length) break; // unterminated: Terraform would not accept it either
    found.push({ start: i, end: j + 1, expression: template.slice(i + 2, j) });
    i = j + 1;
  }
  return found;
}

/** Splits a template into literal parts and expressions, in order. */
export function splitTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const literal = (text: string) => {
    if (text) parts.push({ literal: text.split("$${").join("${") });
  };
  let cursor = 0;
  for (const interpolation of findInterpolations(template)) {
    literal(template.slice(cursor, interpolation.start));
    parts.push({ expression: interpolation.expression.trim() });
    cursor = interpolation.end;
  }
  literal(template.slice(cursor));
  return parts;
}

const IDENT = "[A-Za-z_][\\w-]*";
/** `data.TYPE.NAME` or `TYPE.NAME`, then attribute and index steps. Matched sticky at a token start. */
const REFERENCE = new RegExp(`(data\\.)?(${IDENT})\\.(${IDENT})((?:\\.${IDENT}|\\.\\*|\\[(?:\\d+|\\*|"(?:[^"\\\\]|\\\\.)*")\\])*)`, "y");
const STEP = new RegExp(`\\.(${IDENT})|\\.\\*|\\[(\\d+|\\*|"(?:[^"\\\\]|\\\\.)*")\\]`, "g");
/** Roots that are not blocks: `var.x`, `local.x`, `module.x`, `path.module`, ... */
const NOT_BLOCKS = new Set(["var", "local", "module", "path", "terraform", "count", "each", "self"]);

/** Block references in an expression, outside its string literals, with their position. */
export function findReferences(expression: string): Array<BlockReference & { readonly start: number; readonly end: number }> {
  const refs: Array<BlockReference & { start: number; end: number }> = [];
  let i = 0;
  while (i < expression.length) {
    const c = expression[i];
    if (c === '"') {
      for (i++; i < expression.length && expression[i] !== '"'; i++) if (expression[i] === "\\") i++;
      i++;
      continue;
    }
    const prev = i > 0 ? expression[i - 1] : "";
    if (/[A-Za-z_]/.test(c) && !/[\w.-]/.test(prev)) {
      REFERENCE.lastIndex = i;
      const m = REFERENCE.exec(expression);
      if (m && (m[1] !== undefined || !NOT_BLOCKS.has(m[2]))) {
        const mode: BlockMode = m[1] !== undefined ? "data" : "managed";
        const steps: TraversalStep[] = [...m[4].matchAll(STEP)].map((s) => (s[1] !== undefined ? { attribute: s[1] } : { index: s[2] ?? "*" }));
        const first = steps[0];
        refs.push({
          mode,
          type: m[2],
          name: m[3],
          address: blockAddress(mode, m[2], m[3]),
          steps,
          attribute: first && "attribute" in first ? first.attribute : undefined,
          text: m[0],
          start: i,
          end: i + m[0].length,
        });
        i += m[0].length;
        continue;
      }
      while (i < expression.length && /[\w.-]/.test(expression[i])) i++; // the rest of this name
      continue;
    }
    i++;
  }
  return refs;
}

/** The reference a value consists of, exactly (`${aws_iam_role.x.arn}`); undefined for literals and other expressions. */
export function parseReference(value: unknown): BlockReference | undefined {
  if (typeof value !== "string") return undefined;
  const parts = splitTemplate(value);
  if (parts.length !== 1 || !("expression" in parts[0])) return undefined;
  const expression = parts[0].expression;
  const [ref] = findReferences(expression);
  return ref && ref.start === 0 && ref.end === expression.length ? stripPosition(ref) : undefined;
}

/** The addresses a string refers to (in its interpolations). */
export function referencedAddresses(template: string): string[] {
  return findInterpolations(template).flatMap((i) => findReferences(i.expression).map((r) => r.address));
}

function stripPosition(ref: BlockReference & { start: number; end: number }): BlockReference {
  const { start: _start, end: _end, ...rest } = ref;
  return rest;
}
