import { findInterpolations, findReferences, parseReference, splitTemplate } from "../../../modules/private/terraform-json/references";

describe("Terraform JSON references", () => {
  test("a whole-value reference parses with its mode, address and steps", () => {
    expect(parseReference("${data.aws_iam_policy_document.doc_1A2B.json}")).toEqual({
      mode: "data",
      type: "aws_iam_policy_document",
      name: "doc_1A2B",
      address: "data.aws_iam_policy_document.doc_1A2B",
      steps: [{ attribute: "json" }],
      attribute: "json",
      text: "data.aws_iam_policy_document.doc_1A2B.json",
    });
    expect(parseReference("${data.terraform_remote_state.other.outputs.role_arn}")?.steps).toEqual([{ attribute: "outputs" }, { attribute: "role_arn" }]);
  });

  test("literals, larger strings, functions and variables are not a reference", () => {
    expect(parseReference("arn:aws:s3:::${aws_s3_bucket.b.bucket}/*")).toBeUndefined();
    expect(parseReference("${jsonencode(aws_s3_bucket.b.arn)}")).toBeUndefined();
    expect(parseReference("${var.account_id}")).toBeUndefined();
    expect(parseReference("$${aws_s3_bucket.b.arn}")).toBeUndefined();
    expect(parseReference(42)).toBeUndefined();
  });

  test("templates split into literals ($${ unescaped) and expressions, with nested and quoted braces", () => {
    expect(splitTemplate('a-$${lit}-${aws_s3_bucket.b.bucket}-${lookup({k = "}"}, "k")}')).toEqual([
      { literal: "a-${lit}-" },
      { expression: "aws_s3_bucket.b.bucket" },
      { literal: "-" },
      { expression: 'lookup({k = "}"}, "k")' },
    ]);
    expect(findInterpolations("${unterminated")).toEqual([]);
  });

  test("references inside expressions skip string literals and non-block roots", () => {
    expect(findReferences('concat(aws_s3_bucket.b.arn, "aws_x.y.z", var.v, local.l, data.aws_region.r.name)').map((r) => r.address)).toEqual([
      "aws_s3_bucket.b",
      "data.aws_region.r",
    ]);
  });
});
