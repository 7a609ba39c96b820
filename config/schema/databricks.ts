import { z } from "zod";
import { validateRoleName } from "../../modules/private/validation";
import { checkedString, flag } from "./rules";

export const HOST_RULE = "must be an https:// URL of a host, e.g. https://dbc-1234.cloud.databricks.com";

function host(description: string) {
  return z.string().regex(/^https:\/\/[a-z0-9.-]+(:\d+)?\/?$/, { error: HOST_RULE }).describe(description);
}

/** The Databricks workspace and account the providers talk to. */
export const databricksSchema = z
  .strictObject({
    workspaceHost: host("The workspace URL, for the workspace-level provider.").default("https://changeme.cloud.databricks.com"),
    accountHost: host("The account console URL, for the account-level (mws) provider.").default("https://accounts.cloud.databricks.com"),
    deployWorkspaceResources: flag(
      true,
      "Whether the data-access stack creates the workspace-level resources (instance profile registration, mount, cluster). They need " +
        "the workspace at workspaceHost to exist: for a new workspace, deploy once with false, create the workspace from the " +
        "databricks_credentials_id output, then deploy with true.",
    ),
    workspaceCrossAccountRoleName: checkedString(validateRoleName, "The cross-account role the workspace at workspaceHost actually runs with, when it is not the one the data-access stack creates " +
          "(<namePrefix>-crossaccount-iam-role): every stack adds its iam:PassRole grants to this role. ",).optional(),
  })
  .prefault({})
  .describe("The Databricks workspace and account.");
