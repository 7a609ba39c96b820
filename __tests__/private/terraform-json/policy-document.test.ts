import {
  PolicyJson,
  StatementJson,
  mergePolicyDocument,
  parsePolicyJson,
  renderPolicyDocument,
} from "../../../modules/private/terraform-json/policy-document";
import { readSynthesizedPolicy } from "../../../modules/private/terraform-json/blocks";

/** A reader of literal JSON documents only (what the provider receives once references are known). */
const literal = { readDocument: (value: unknown) => (typeof value === "string" ? parsePolicyJson(value) : undefined) };

const doc = (...Statement: StatementJson[]): string => JSON.stringify({ Version: "2012-10-17", Statement });
const read = (sid: string, bucket: string): StatementJson => ({ Sid: sid, Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` });

describe("aws_iam_policy_document merge (AWS provider 5.100 policy_document_data_source.go + IAMPolicyDoc.Merge)", () => {
  test("a source statement whose Sid the block's own statement repeats disappears; the own statement takes its place", () => {
    const rendered = renderPolicyDocument(
      {
        source_policy_documents: [doc(read("Shared", "source-bucket"), { Effect: "Allow", Action: "s3:ListBucket", Resource: "*" })],
        statement: [{ sid: "Shared", effect: "Deny", actions: ["s3:*"], resources: ["*"] }],
      },
      literal,
    );
    expect(rendered.document.Statement).toEqual([
      { Sid: "Shared", Effect: "Deny", Action: ["s3:*"], Resource: ["*"] },
      { Effect: "Allow", Action: "s3:ListBucket", Resource: "*" },
    ]);
    expect(rendered.errors).toEqual([]);
  });

  test("an override statement replaces the same Sid of the block's statements and of the sources, in place; new Sids append", () => {
    const rendered = renderPolicyDocument(
      {
        source_policy_documents: [doc(read("FromSource", "a"))],
        statement: [
          { sid: "Own", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::own/*"] },
          { actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::own"] },
        ],
        override_policy_documents: [doc(read("Own", "override"), read("FromSource", "override2")), doc(read("Added", "c"))],
      },
      literal,
    );
    expect(rendered.document.Statement.map((s) => `${s.Sid ?? "-"}:${String(s.Resource)}`)).toEqual([
      "FromSource:arn:aws:s3:::override2/*",
      "Own:arn:aws:s3:::override/*",
      "-:arn:aws:s3:::own",
      "Added:arn:aws:s3:::c/*",
    ]);
    // The own statement was rendered, but Terraform drops it: it is not in the document.
    expect(rendered.ownStatements[0].Resource).toEqual(["arn:aws:s3:::own/*"]);
    expect(rendered.document.Statement).not.toContain(rendered.ownStatements[0]);
  });

  test("statements without a Sid never replace anything", () => {
    const rendered = renderPolicyDocument(
      { source_policy_documents: [doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" })], override_policy_documents: [doc({ Effect: "Deny", Action: "s3:GetObject", Resource: "*" })] },
      literal,
    );
    expect(rendered.document.Statement.map((s) => s.Effect)).toEqual(["Allow", "Deny"]);
  });

  test("a Sid repeated across source documents, or among the block's statements, is the provider's error", () => {
    const rendered = renderPolicyDocument(
      {
        source_policy_documents: [doc(read("Twice", "a")), doc(read("Twice", "b"))],
        statement: [{ sid: "Mine", actions: ["s3:GetObject"] }, { sid: "Mine", actions: ["s3:PutObject"] }],
      },
      literal,
    );
    expect(rendered.errors).toEqual(["duplicate Sid (Twice) in source_policy_documents (document 1)", "duplicate Sid (Mine)"]);
  });

  test("the document takes the last Id and the highest Version; &{} becomes ${} in resources, principals and condition values", () => {
    const rendered = renderPolicyDocument(
      {
        version: "2008-10-17",
        policy_id: "own-id",
        statement: [
          {
            principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:user/&{aws:username}"] }],
            resources: ["arn:aws:s3:::b/&{aws:username}/*"],
            condition: [{ test: "StringLike", variable: "s3:prefix", values: ["&{aws:username}/"] }],
          },
        ],
        override_policy_documents: [JSON.stringify({ Version: "2012-10-17", Id: "override-id", Statement: [] })],
      },
      literal,
    );
    expect(rendered.document).toEqual({
      Version: "2012-10-17",
      Id: "override-id",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: ["arn:aws:iam::111122223333:user/${aws:username}"] },
          Resource: ["arn:aws:s3:::b/${aws:username}/*"],
          Condition: { StringLike: { "s3:prefix": ["${aws:username}/"] } },
        },
      ],
    });
  });

  test("Principal {type \"*\", identifiers [\"*\"]} renders as \"*\"", () => {
    const rendered = renderPolicyDocument({ statement: [{ effect: "Deny", actions: ["s3:*"], principals: [{ type: "*", identifiers: ["*"] }] }] }, literal);
    expect(rendered.document.Statement[0].Principal).toBe("*");
  });

  test("mergePolicyDocument keeps the position of a replaced statement", () => {
    const into: PolicyJson = { Statement: [read("A", "1"), read("B", "2"), read("C", "3")] };
    mergePolicyDocument(into, { Statement: [read("B", "new")] });
    expect(into.Statement.map((s) => String(s.Resource))).toEqual(["arn:aws:s3:::1/*", "arn:aws:s3:::new/*", "arn:aws:s3:::3/*"]);
  });
});

describe("readSynthesizedPolicy", () => {
  const stack = {
    data: {
      aws_iam_policy_document: {
        base: { statement: [{ sid: "DenyInsecureTransport", effect: "Deny", actions: ["s3:*"], principals: [{ type: "*", identifiers: ["*"] }] }] },
        merged: {
          source_policy_documents: ["${data.aws_iam_policy_document.base.json}", "${data.databricks_aws_bucket_policy.db.json}"],
          override_policy_documents: [doc({ Sid: "DenyInsecureTransport", Effect: "Allow", Action: "s3:GetObject", Resource: "*" })],
        },
      },
    },
  };

  test("follows references to policy documents, applies overrides, and lists what is unknown before apply", () => {
    const policy = readSynthesizedPolicy(stack, "${data.aws_iam_policy_document.merged.json}");
    expect(policy.document.Statement).toEqual([{ Sid: "DenyInsecureTransport", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]);
    expect(policy.unknown).toEqual(["${data.databricks_aws_bucket_policy.db.json}"]);
  });

  test("a literal JSON policy is read as it is; anything else is unknown", () => {
    expect(readSynthesizedPolicy(stack, doc(read("X", "b"))).document.Statement).toEqual([read("X", "b")]);
    expect(readSynthesizedPolicy(stack, "${jsonencode(local.p)}")).toEqual({ document: { Statement: [] }, unknown: ["${jsonencode(local.p)}"], errors: [] });
  });
});
