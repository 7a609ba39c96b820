import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import { Testing } from "cdktf";
import { resolveConfig } from "../../config/app-config";
import { STACK_NAMES, buildApp } from "../../stacks/app";
import { StackJson } from "../support/stack-json";
import { DATA_ACCESS_SECURITY_RULES } from "../../modules/security";

/** The whole app, synthesized to disk as `cdktf synth` does: properties every stack must have. */
describe("the app", () => {
  const app = Testing.app();
  buildApp(app, resolveConfig());
  app.synth(); // throws on an error-level security finding
  const stacksDir = join(app.outdir, "stacks");
  const stacks = readdirSync(stacksDir).sort();
  const read = (stack: string, file: string) => JSON.parse(readFileSync(join(stacksDir, stack, file), "utf8"));

  test("builds every stack it names, in the default config", () => {
    expect(stacks).toEqual([...STACK_NAMES].sort());
  });

  test.each([...STACK_NAMES])("%s: the security aspect ran and found nothing to report", (stack) => {
    const report = read(stack, "security-report.json");
    expect(report.stack).toBe(stack);
    expect(report.rules.map((r: { id: string }) => r.id)).toEqual(DATA_ACCESS_SECURITY_RULES.map((r) => r.id));
    expect(report.summary).toEqual({ error: 0, warning: 0, suppressed: 0 });
  });

  test.each([...STACK_NAMES])("%s: every AWS block is on a declared provider pinned to one account", (stack) => {
    const json: StackJson = read(stack, "cdk.tf.json");
    const providers = json.provider?.aws ?? [];
    expect(providers.length).toBeGreaterThan(0);
    const declared = new Map(providers.map((p: any) => [p.alias ? `aws.${p.alias}` : "aws", p]));
    for (const p of providers) {
      expect(p.allowed_account_ids).toEqual([expect.stringMatching(/^\d{12}$/)]);
      expect(p.region).toMatch(/^[a-z]{2}(-gov)?-[a-z]+-\d$/);
    }
    for (const section of [json.resource ?? {}, json.data ?? {}]) {
      for (const [type, blocks] of Object.entries(section)) {
        if (!type.startsWith("aws_")) continue;
        for (const [name, block] of Object.entries(blocks)) {
          const provider = (block as { provider?: string }).provider ?? "aws";
          expect({ block: `${type}.${name}`, declared: declared.has(provider) }).toEqual({ block: `${type}.${name}`, declared: true });
        }
      }
    }
  });
});
