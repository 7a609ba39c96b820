import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

/**
 * Where terraform or the provider mirror is missing, `npm run validate` says SKIPPED and passes,
 * except in CI, where a skipped proof would hide a broken image.
 */
describe("terraform check without a provider mirror", () => {
  const stacksDir = mkdtempSync(join(tmpdir(), "tf-skip-"));
  mkdirSync(join(stacksDir, "tiny"));
  writeFileSync(
    join(stacksDir, "tiny", "cdk.tf.json"),
    JSON.stringify({ terraform: { required_providers: { aws: { source: "aws", version: "5.100.0" } } }, provider: { aws: [{ region: "us-east-1" }] } }),
  );

  function run(ci: string | undefined) {
    const env = { ...process.env };
    delete env.CI;
    if (ci !== undefined) env.CI = ci;
    return spawnSync(
      process.execPath,
      ["--import", "tsx", "scripts/terraform-check.ts", "--stacks-dir", stacksDir, "--mirror", join(stacksDir, "no-mirror")],
      { cwd: join(__dirname, "..", ".."), env, encoding: "utf8" },
    );
  }

  test("outside CI: one SKIPPED line per check, exit 0", () => {
    const result = run(undefined);
    expect(result.stdout).toContain(`SKIPPED: terraform validate for tiny: provider filesystem mirror ${join(stacksDir, "no-mirror")} not found`);
    expect(result.stdout).toContain("SKIPPED: terraform plan for tiny:");
    expect(result.status).toBe(0);
  });

  test("with CI=true the same run fails", () => {
    const result = run("true");
    expect(result.stderr).toContain("CI=true but 2 check(s) were skipped: CI must have terraform and the provider mirror");
    expect(result.status).toBe(1);
  });
});
