/**
 * Generates, from the config schema (config/schema/), the two files users read:
 *   config/schema.json        JSON Schema of the config file (editors check and complete it; "$schema" in the example)
 *   docs/configuration.md     every field with its type, default and rule
 *
 *   node --import tsx scripts/config-docs.ts           # write both (npm run config:docs)
 *   node --import tsx scripts/config-docs.ts --check   # fail if either is stale (npm run config:docs:check)
 */
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { z } from "zod";
import { DEFAULT_CONFIG } from "../config/app-config";
import { formatPath } from "../config/errors";
import { appConfigSchema } from "../config/schema/index";
import { namePrefixLimit, prefixedNames } from "../config/schema/names";

const ROOT = join(__dirname, "..");
export const SCHEMA_FILE = join(ROOT, "config", "schema.json");
export const DOCS_FILE = join(ROOT, "docs", "configuration.md");

type JsonSchema = {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  pattern?: string;
  minLength?: number;
};

/** The JSON Schema of the config file as it is written (defaults make every field optional). */
export function configJsonSchema(): JsonSchema {
  return z.toJSONSchema(appConfigSchema, { io: "input", target: "draft-2020-12" }) as JsonSchema;
}

export function renderJsonSchema(): string {
  return `${JSON.stringify({ ...configJsonSchema(), title: "Configuration of the Databricks data-access app (DATA_ACCESS_CONFIG)" }, null, 2)}\n`;
}

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum !== undefined) return s.enum.length > 8 ? "string (an AWS region)" : s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(" \\| ");
  const variants = s.oneOf ?? s.anyOf;
  if (variants !== undefined) return variants.map(typeOf).join(" \\| ");
  if (s.type === "array") return `list of ${s.items ? typeOf(s.items) : "values"}${s.minItems ? ` (at least ${s.minItems})` : ""}`;
  if (s.type === "integer") return s.minimum !== undefined && s.maximum !== undefined ? `integer ${s.minimum} to ${s.maximum}` : "integer";
  if (s.type === "object" && s.additionalProperties && typeof s.additionalProperties === "object") return `object of ${typeOf(s.additionalProperties)}`;
  return s.type ?? "any";
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function rows(s: JsonSchema, path: string, out: string[]): void {
  const required = new Set(s.required ?? []);
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    const field = path === "" ? key : `${path}.${key}`;
    const nested = child.type === "object" && child.properties !== undefined;
    const fallback = child.default !== undefined ? `\`${cell(JSON.stringify(child.default))}\`` : required.has(key) ? "required" : "unset";
    const shown = nested && JSON.stringify(child.default) === "{}" ? "" : fallback;
    out.push(`| \`${field}\` | ${nested ? "object" : typeOf(child)} | ${shown} | ${cell(child.description ?? "")} |`);
    if (nested) rows(child, field, out);
    for (const variant of child.oneOf ?? child.anyOf ?? []) {
      if (variant.properties !== undefined) {
        const tag = variant.properties.type?.const;
        out.push(`| \`${field}\` ${tag === undefined ? "" : `(type \`${String(tag)}\`)`} | object | | ${cell(variant.description ?? "")} |`);
        rows(variant, field, out);
      }
    }
    if (child.type === "array" && child.items?.properties !== undefined) rows(child.items, `${field}[]`, out);
  }
}

export function renderDocs(): string {
  const schema = configJsonSchema();
  const sections: string[] = [];
  const general: string[] = [];
  const topLevel = { ...schema, properties: {} as Record<string, JsonSchema> };
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    if (child.type === "object" && child.properties !== undefined) {
      const table: string[] = [];
      rows({ properties: { [key]: child } }, "", table);
      sections.push(`## \`${key}\`\n\n${child.description ?? ""}\n\n| Field | Type | Default | Description and rule |\n|---|---|---|---|\n${table.join("\n")}\n`);
    } else if (child.oneOf !== undefined || child.anyOf !== undefined) {
      const table: string[] = [];
      rows({ properties: { [key]: child } }, "", table);
      sections.push(`## \`${key}\`\n\n${child.description ?? ""}\n\n| Field | Type | Default | Description and rule |\n|---|---|---|---|\n${table.join("\n")}\n`);
    } else topLevel.properties[key] = child;
  }
  rows(topLevel, "", general);
  const limit = namePrefixLimit(DEFAULT_CONFIG);
  const fixed = namePrefixLimit(DEFAULT_CONFIG, true);
  const names = prefixedNames(DEFAULT_CONFIG)
    .map((n) => `| \`<namePrefix>-${n.suffix}\` | ${n.kind} | ${n.field ? `\`${formatPath(n.field)}\`` : "fixed"} |`)
    .join("\n");
  return `<!-- Generated by scripts/config-docs.ts from config/schema/ (npm run config:docs); do not edit. -->
# Configuration

The app reads one optional JSON file, named by the environment variable \`DATA_ACCESS_CONFIG\`:

\`\`\`sh
DATA_ACCESS_CONFIG=config/my.config.json npx cdktf synth
\`\`\`

Every field is optional: an unset field takes the default below (the defaults synthesize as they are).
Unknown fields are errors at every level, including dotted keys (\`"dataAccount.region"\`, write
\`{"dataAccount": {"region": ...}}\`). Objects are merged field by field onto the defaults, except where a
field says it is replaced whole. A \`"$schema"\` key (see below) and a \`"//"\` comment key are accepted at
the top level. A UTF-8 byte order mark at the start of the file is ignored.

## Editor support

[\`config/schema.json\`](../config/schema.json) is the JSON Schema of the file, generated from the same
schema. Put \`"$schema": "./schema.json"\` (relative to your file) at the top, as
[\`config/example.config.json\`](../config/example.config.json) does, and editors that read JSON Schema
(VS Code, JetBrains) complete field names and flag wrong types and values as you type. The app checks more
than the JSON Schema can express (names built from the prefix, accounts of ARNs, rules across fields).

## Errors

A bad file stops the app before anything is written: exit status 1, and one block on stderr listing every
problem, each as the field path, the value (cut to 80 characters), the rule, and a hint where one helps:

\`\`\`text
Invalid configuration (config/my.config.json): 2 problems
  config.bucket null is invalid: must be an object, not null
  config.namePrefx "x" is invalid: is not a known configuration field
    hint: did you mean namePrefix?
See docs/configuration.md for every field.
\`\`\`

No stack trace is printed; set \`DATA_ACCESS_DEBUG=1\` to see one (for a failure that is not a config
problem). A construct that refuses a value, or a synth-time validation (\`node.addValidation\`), fails the
same way, with its message and no stack trace. Through \`npx cdktf synth\` (cdktf 0.21) the block shows twice:
once as cdktf streams the app's stderr (after an \`[ERROR] default -\` log prefix), then again, indented, under
\`cdktf encountered an error while synthesizing\` / \`Error: non-zero exit code 1\` / \`Command output on stderr:\`;
cdktf exits 1. cdktf echoes both of the app's streams that way, so the app cannot avoid the repetition.

## Names built from \`namePrefix\`

Names are \`<namePrefix>-<name>\`, so the prefix's real length limit is the room the longest of them leaves.
The fixed names allow at most ${fixed.limit} characters (${fixed.name});
with the default names the limit is ${limit.limit} (${limit.name}). A configurable name that does not fit with
the prefix is reported on its own field (shorten either).

| Name | Kind | From |
|---|---|---|
${names}

## Top-level fields

| Field | Type | Default | Description and rule |
|---|---|---|---|
${general.join("\n")}

${sections.join("\n")}`;
}

if (require.main === module) {
  const outputs: Array<[string, string]> = [
    [SCHEMA_FILE, renderJsonSchema()],
    [DOCS_FILE, renderDocs()],
  ];
  if (process.argv.includes("--check")) {
    const stale = outputs.filter(([file, text]) => {
      try {
        return readFileSync(file, "utf8") !== text;
      } catch {
        return true;
      }
    });
    for (const [file] of stale) process.stderr.write(`${file} is stale: run npm run config:docs\n`);
    process.exitCode = stale.length > 0 ? 1 : 0;
  } else {
    for (const [file, text] of outputs) writeFileSync(file, text);
  }
}
