import * as fs from "fs";
import * as path from "path";

const MODULES = path.join(__dirname, "..", "..", "modules");

/** The one file that writes identity policies: grant(), grantOnPrincipal(), grantOnResource(). */
const GRANT_FILE = "iam/grant.ts";

/** The shared base of Role and ExistingRole, which defines the method too. */
const ROLE_PRINCIPAL_FILE = "private/role-principal.ts";

/**
 * Where `addToPrincipalPolicy(` may appear in modules/ (paths relative to modules/): calls only in
 * grant.ts; definitions (no `.` before the name) only by the principals of modules/iam/ and their base.
 */
function principalPolicyWritesOutsideGrant(files: ReadonlyMap<string, string>): string[] {
  const findings: string[] = [];
  for (const [file, text] of files) {
    text.split("\n").forEach((line, index) => {
      for (const match of line.matchAll(/(\.?)\baddToPrincipalPolicy\(/g)) {
        const isCall = match[1] === ".";
        const allowed = isCall ? file === GRANT_FILE : file.startsWith("iam/") || file === ROLE_PRINCIPAL_FILE;
        if (!allowed) findings.push(`${file}:${index + 1}`);
      }
    });
  }
  return findings;
}

function moduleSources(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    if (entry.endsWith(".ts")) files.set(entry.split(path.sep).join("/"), fs.readFileSync(path.join(dir, entry), "utf8"));
  }
  return files;
}

describe("one grant path", () => {
  test("modules/ write identity policies only through grant(), grantOnPrincipal(), grantOnResource()", () => {
    const sources = moduleSources(MODULES);
    expect(sources.has(GRANT_FILE)).toBe(true);
    expect(principalPolicyWritesOutsideGrant(sources)).toEqual([]);
  });

  test("the check reports a direct call outside grant.ts and a definition outside modules/iam/", () => {
    const files = new Map([
      [GRANT_FILE, "  const { statementAdded } = options.grantee.grantPrincipal.addToPrincipalPolicy(statement);"],
      ["iam/role.ts", "  public addToPrincipalPolicy(statement: PolicyStatement): AddToPrincipalPolicyResult {"],
      ["lambda/lambda-function.ts", "const a = 1;\n    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: [] }));"],
      ["s3/custom-principal.ts", "  public addToPrincipalPolicy(statement: PolicyStatement) {"],
      ["iam/saml-federated-data-role.ts", "    this.role.addToPrincipalPolicy(this.listStatement);"],
    ]);
    expect(principalPolicyWritesOutsideGrant(files)).toEqual(["lambda/lambda-function.ts:2", "s3/custom-principal.ts:1", "iam/saml-federated-data-role.ts:1"]);
  });
});
