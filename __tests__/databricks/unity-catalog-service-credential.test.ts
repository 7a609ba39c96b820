import { DataStream } from "../../modules/kinesis/data-stream";
import { onlyResource, statementsOf, synthJson } from "../support/stack-json";
import { serviceCredentialStack } from "../support/unity-catalog";

const setup = serviceCredentialStack;

describe("UnityCatalogServiceCredential", () => {
  test("a SERVICE credential naming the role's computed ARN; the role trusts the credential's external ID; ACCESS to groups", () => {
    const t = setup();
    const json = synthJson(t.stack);
    expect(onlyResource(json, "databricks_credential")).toEqual(
      expect.objectContaining({ name: "changeme-uc-kinesis", purpose: "SERVICE", aws_iam_role: { role_arn: "arn:aws:iam::444455556666:role/changeme-uc-kinesis" } }),
    );
    const trust = Object.values(json.data!.databricks_aws_unity_catalog_assume_role_policy)[0] as any;
    expect(trust.external_id).toMatch(/^\$\{databricks_credential\..+\.aws_iam_role\[0\]\.external_id\}$/);
    expect(onlyResource(json, "databricks_grants")).toEqual(
      expect.objectContaining({ credential: expect.stringMatching(/^\$\{databricks_credential\..+\.id\}$/), grant: [{ principal: "data-engineers", privileges: ["ACCESS"] }] }),
    );
  });

  test("stream.grantRead(role) gives the Kinesis source's reads; the readStream options name the credential (DBR 16.1+)", () => {
    const t = setup();
    const stream = new DataStream(t.stack, "stream", { account: t.accountB, streamName: "changeme-uc-events" });
    stream.grantRead(t.credential.role);
    expect(t.credential.kinesisReadStreamOptions([stream], { initialPosition: "trim_horizon" })).toEqual({
      streamName: stream.streamName,
      region: "us-east-1",
      serviceCredential: t.credential.credentialName,
      initialPosition: "trim_horizon",
    });
    const json = synthJson(t.stack);
    const actions = statementsOf(json, onlyResource(json, "aws_iam_role_policy").policy).flatMap((s: any) => s.actions);
    expect(actions).toEqual(expect.arrayContaining(["sts:AssumeRole", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"]));
    expect(actions).not.toContain("kinesis:PutRecord");
  });

  test("readStream options refuse no stream, and a stream outside the role's account", () => {
    const t = setup();
    expect(() => t.credential.kinesisReadStreamOptions([])).toThrow(
      "UnityCatalogServiceCredential.kinesisReadStreamOptions.streams [] is invalid: must name at least one stream",
    );
    const inA = DataStream.fromStreamName(t.stack, "in-a", { account: t.accountA, streamName: "other" });
    expect(() => t.credential.kinesisReadStreamOptions([inA])).toThrow(
      'UnityCatalogServiceCredential.kinesisReadStreamOptions.streams "other" is invalid: must all be in the role\'s account 444455556666 and one region',
    );
  });

  test.each([
    [
      { grants: [{ principal: "g", privileges: ["READ_FILES"] }] },
      'UnityCatalogServiceCredential.grants[0].privileges "READ_FILES" is invalid: must be one of ALL_PRIVILEGES, ACCESS, CREATE_CONNECTION, MANAGE for securable credential',
    ],
    [{ credentialName: "a/b" }, 'UnityCatalogServiceCredential.credentialName "a/b" is invalid: must be 1-255 characters of letters, digits, _ and -'],
  ])("rejects %j", (override, message) => {
    expect(() => setup(override)).toThrow(message);
  });
});
