/**
 * A static IAM model of synthesized Terraform JSON (`Testing.synth(stack)` or `cdk.tf.json`), for
 * the access proofs in `iam-proof.ts`.
 *
 * It reads only the synthesized JSON, never the TypeScript constructs, so a proof checks what
 * Terraform will be asked to create. It knows each AWS provider's account and region from
 * `allowed_account_ids[0]` and `region`, renders every `data.aws_iam_policy_document` the way
 * AWS provider 5.100 does (sid merging of `source_policy_documents` / `override_policy_documents`,
 * `&{...}` policy variables), resolves `${...}` references it can compute before apply, and
 * records what it cannot:
 * - unknown source documents: policy JSON computed by other data sources at plan/apply time
 *   (e.g. `data.databricks_aws_bucket_policy.x.json`); their statements are missing from the model;
 * - unresolved references: expressions it cannot evaluate (functions, unknown attributes); they
 *   become `unresolved-<expression>` placeholders that match nothing;
 * - synthetic values: identifiers AWS assigns at apply (KMS key IDs, consumer timestamps), replaced
 *   by deterministic stand-ins so every reference to the same resource still agrees.
 *
 * Test support only (it is never imported from modules/, stacks/, config/ or main.ts). One concern
 * a file, in iam-model/: types.ts (the model's shapes), stack-context.ts (parsing and resolution of
 * one stack; policy documents through the library's one reader, modules/private/terraform-json),
 * known-attributes.ts (ARNs and names known before apply), model-builder.ts (joining stacks into
 * one model), look-ups.ts (queries on a model). This file: the entry points.
 */
import { readFileSync } from "fs";
import { ModelBuilder } from "./iam-model/model-builder";
import { StackContext } from "./iam-model/stack-context";
import { IamModel, ModelOptions, SynthesizedStack } from "./iam-model/types";

export * from "./iam-model/types";
export * from "./iam-model/look-ups";

/** Builds the IAM model of one synthesized stack. */
export function modelFromStack(stack: SynthesizedStack, options: ModelOptions = {}): IamModel {
  return modelFromStacks([stack], options);
}

/**
 * Builds one IAM model from several synthesized stacks (scenarios spanning stacks or accounts).
 * Roles, policies and resource policies are merged by ARN; inline policies and attachments find
 * their role by account and name in any stack; cdktf cross-stack references
 * (`data.terraform_remote_state.*.outputs.*`) resolve to the other stack's output.
 */
export function modelFromStacks(stacks: readonly SynthesizedStack[], options: ModelOptions = {}): IamModel {
  const parsed = stacks.map((s, i) => parseStack(s, i));
  const names = new Set<string>();
  for (const p of parsed) {
    if (names.has(p.name)) throw new Error(`iam-model: two stacks are named "${p.name}"; pass { name, json } to tell them apart`);
    names.add(p.name);
  }
  const builder = new ModelBuilder(options);
  const contexts = parsed.map((p) => new StackContext(p.name, p.json, builder));
  builder.contexts.push(...contexts);
  return builder.build();
}

/** Reads `cdktf.out/stacks/<stack>/cdk.tf.json` (or any path) as a {@link SynthesizedStack}. */
export function readSynthesizedStack(path: string, name?: string): SynthesizedStack {
  return { name: name ?? path, json: readFileSync(path, "utf8") };
}

interface ParsedStack {
  readonly name: string;
  readonly json: Record<string, any>;
}

function parseStack(stack: SynthesizedStack, index: number): ParsedStack {
  const toJson = (value: string | Record<string, any>): Record<string, any> => {
    if (typeof value !== "string") return value;
    const text = value.trimStart().startsWith("{") ? value : readFileSync(value, "utf8");
    return JSON.parse(text);
  };
  if (typeof stack === "object" && "name" in stack && "json" in stack && typeof stack.name === "string") {
    return { name: stack.name, json: toJson(stack.json) };
  }
  return { name: `stack${index}`, json: toJson(stack as string | Record<string, any>) };
}
