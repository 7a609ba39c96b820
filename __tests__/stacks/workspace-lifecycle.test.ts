import { Testing } from "cdktf";
import { resolveConfig } from "../../config/app-config";
import { PASSTHROUGH_ENABLED } from "../support/passthrough-config";
import { CredentialPassthroughStack } from "../../stacks/credential-passthrough-stack";
import { CrossAccountKinesisStack } from "../../stacks/cross-account-kinesis-stack";
import { CrossAccountS3Stack } from "../../stacks/cross-account-s3-stack";
import { DataAccessStack } from "../../stacks/data-access-stack";
import { resourcesOf, statementsOf, synthJson } from "../support/stack-json";

/**
 * The Databricks workspace is not created here: the data-access stack makes the credentials a workspace
 * is created from, and the workspace-level resources need that workspace to exist. These tests cover
 * the two ways in: a first deploy without workspace resources, and a workspace that already runs with
 * another cross-account role.
 */
describe("workspace lifecycle", () => {
  test("deployWorkspaceResources false: IAM, bucket and credentials only, no workspace-level resources", () => {
    const config = resolveConfig({ databricks: { deployWorkspaceResources: false } });
    const json = synthJson(new DataAccessStack(Testing.app(), "data-access", { config }));
    for (const type of ["databricks_instance_profile", "databricks_mount", "databricks_cluster"]) {
      expect(resourcesOf(json, type)).toEqual({});
    }
    expect(Object.keys(resourcesOf(json, "databricks_mws_credentials"))).toHaveLength(1);
    expect(Object.keys(json.output!)).toContain("databricks_credentials_id");
    expect(Object.keys(json.output!)).not.toContain("cluster_id");
  });

  describe("a workspace running with another cross-account role", () => {
    const config = resolveConfig({ ...PASSTHROUGH_ENABLED, databricks: { workspaceCrossAccountRoleName: "legacy-databricks-xaccount" } });

    test("the data-access stack still creates its own role, and also lets the named role pass the data role", () => {
      const json = synthJson(new DataAccessStack(Testing.app(), "data-access", { config }));
      const created = Object.values(resourcesOf(json, "aws_iam_role")).map((r: any) => r.name);
      expect(created).toContain("changeme-crossaccount-iam-role");
      const grant = Object.values(resourcesOf(json, "aws_iam_role_policy")).find((p: any) => p.role === "legacy-databricks-xaccount");
      expect(grant.name).toBe("changeme-pass-data-role");
      expect(statementsOf(json, grant.policy)).toEqual([
        {
          effect: "Allow",
          actions: ["iam:PassRole"],
          resources: [expect.stringMatching(/^\$\{aws_iam_role\.data-role.*\.arn\}$/)],
          condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ec2.amazonaws.com"] }],
        },
      ]);
      // The registration waits for that grant as well.
      const wait = Object.entries(resourcesOf(json, "time_sleep")).find(([id]) => id.startsWith("instance-profile-registration_iam-propagation"))![1];
      expect(wait.depends_on).toContain(`aws_iam_role_policy.${Object.entries(resourcesOf(json, "aws_iam_role_policy")).find(([, p]: any) => p.role === "legacy-databricks-xaccount")![0]}`);
    });

    test.each([
      ["cross-account-s3", (app: any) => new CrossAccountS3Stack(app, "cross-account-s3", { config })],
      ["cross-account-kinesis", (app: any) => new CrossAccountKinesisStack(app, "cross-account-kinesis", { config })],
      ["credential-passthrough", (app: any) => new CredentialPassthroughStack(app, "credential-passthrough", { config })],
    ])("%s grants PassRole to the named role, not to the created one", (_name, build) => {
      const json = synthJson(build(Testing.app()));
      const roles = Object.values(resourcesOf(json, "aws_iam_role_policy"))
        .filter((p: any) => statementsOf(json, p.policy).some((st: any) => st.actions.includes("iam:PassRole")))
        .map((p: any) => p.role);
      expect(roles).toEqual(["legacy-databricks-xaccount"]);
    });
  });

  test("config checks of the two fields", () => {
    expect(() => resolveConfig({ databricks: { deployWorkspaceResources: "no" } })).toThrow(
      'config.databricks.deployWorkspaceResources "no" is invalid: must be a boolean',
    );
    expect(() => resolveConfig({ databricks: { workspaceCrossAccountRoleName: "bad name" } })).toThrow(
      'config.databricks.workspaceCrossAccountRoleName "bad name" is invalid: must be 1-64 characters of letters, digits and +=,.@_-',
    );
  });
});
