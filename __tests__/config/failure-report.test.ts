/** What main.ts prints for failures that are not config problems, and the all-or-nothing synthesis. */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { failureReport } from "../../config/errors";
import { ValidationError } from "../../modules/private/validation";
import { synthIntoOutdir } from "../../stacks/app";

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at /m);

test("a construct's ValidationError: its message in one block, no stack trace", () => {
  const report = failureReport(new ValidationError("DataBucket.bucketName", "Bad", "must be lowercase"), "my.json", false);
  expect(report).toBe(
    'Invalid configuration (my.json): a construct refused a value\n  DataBucket.bucketName "Bad" is invalid: must be lowercase\nSet DATA_ACCESS_DEBUG=1 to see the stack trace.\n',
  );
});

test("with DATA_ACCESS_DEBUG=1 the stack trace follows", () => {
  expect(failureReport(new Error("boom"), undefined, true)).toMatch(/^Synthesis failed \(the built-in defaults\): boom\nError: boom\n\s+at /);
});

describe("a failing node.addValidation during synth", () => {
  class Checked extends Construct {
    constructor(scope: Construct, id: string, problem?: string) {
      super(scope, id);
      this.node.addValidation({ validate: () => (problem ? [problem] : []) });
    }
  }
  const build = (problem?: string) => (outdir: string) => {
    const app = new App({ outdir });
    new Checked(new TerraformStack(app, "first"), "ok");
    new Checked(new TerraformStack(app, "second"), "checked", problem);
    return app;
  };

  test("prints cdktf's lines without its stack trace, and leaves the output folder as it was", () => {
    const outdir = mkdtempSync(join(tmpdir(), "synth-"));
    writeFileSync(join(outdir, "previous.txt"), "kept");
    let error: unknown;
    try {
      synthIntoOutdir(outdir, build("config.x 1 is invalid: must be 2"));
    } catch (e) {
      error = e;
    }
    const report = failureReport(error, "my.json", false);
    expect(report).toBe(
      "Synthesis failed validation (my.json):\n  [second/checked] config.x 1 is invalid: must be 2\nSet DATA_ACCESS_DEBUG=1 to see the stack trace.\n",
    );
    noStackTrace(report);
    // The first stack had been written before the second failed: none of it reached outdir.
    expect(readdirSync(outdir)).toEqual(["previous.txt"]);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith(`${outdir.split("/").pop()}.partial`))).toEqual([]);
  });

  test("a successful synth moves every stack in", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "synth-")), "out");
    synthIntoOutdir(outdir, build());
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["first", "second"]);
    expect(existsSync(join(outdir, "manifest.json"))).toBe(true);
  });
});
