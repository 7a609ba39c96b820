import * as fs from "fs";
import { DATA_ACCESS_SECURITY_RULES, RULE_EVALUATION_ERROR } from "../../modules/security";
import { SECURITY_RULES_DOC, renderSecurityRulesDoc } from "../../scripts/security-rules-doc";

describe("docs/security-rules.md", () => {
  test("is what scripts/security-rules-doc.ts generates from the rules (the script's --check)", () => {
    expect(fs.readFileSync(SECURITY_RULES_DOC, "utf8")).toBe(renderSecurityRulesDoc());
  });

  test("has a section per built-in rule, each saying what the rule checks", () => {
    const rules = [...DATA_ACCESS_SECURITY_RULES, RULE_EVALUATION_ERROR];
    expect(rules.filter((r) => r.checks === undefined).map((r) => r.id)).toEqual([]);
    const headings = renderSecurityRulesDoc().split("\n").filter((line) => line.startsWith("## "));
    expect(headings).toEqual(rules.map((r) => `## ${r.id}`));
  });
});
