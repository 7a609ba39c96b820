import { z } from "zod";
import { validateDatabricksHost, validateRoleName } from "../../modules/private/validation";
import { checkedString, flag } from "./rules";

function host(description: string) {
  return checkedString(validateDatabricksHost, description);
}

/**
 * `auth_type` values of provider 1.99 (docs/index.md, "Authentication") that apply on AWS; the account API
 * takes OAuth only, never a workspace token (`pat`).
 */
export const WORKSPACE_AUTH_TYPES = ["pat", "oauth-m2m", "databricks-cli", "github-oidc", "env-oidc", "file-oidc"] as const;
export const ACCOUNT_AUTH_TYPES = ["oauth-m2m", "databricks-cli", "github-oidc", "env-oidc", "file-oidc"] as const;

/**
 * How one Databricks provider authenticates, beyond its environment. Secrets never go here: a client
 * secret comes from DATABRICKS_CLIENT_SECRET or the CLI profile (docs/databricks-authentication.md).
 */
function databricksAuth(authTypes: readonly [string, ...string[]], description: string) {
  return z
    .strictObject({
      profile: z.string().min(1, { error: "must not be empty" }).optional().describe("A profile of ~/.databrickscfg (the provider's profile)."),
      authType: z
        .enum(authTypes)
        .optional()
        .describe(
          "The one auth method to use (the provider's auth_type). With two methods in the environment " +
            "(e.g. a token and a client ID) the provider otherwise stops with an error.",
        ),
      clientId: z
        .string()
        .min(1, { error: "must not be empty" })
        .optional()
        .describe("A service principal's OAuth client ID (the provider's client_id; the secret stays in the environment)."),
    })
    .optional()
    .describe(description);
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
    workspaceAuth: databricksAuth(WORKSPACE_AUTH_TYPES, "Auth of the workspace-level provider. Unset: its environment (see docs/databricks-authentication.md)."),
    accountAuth: databricksAuth(
      ACCOUNT_AUTH_TYPES,
      "Auth of the account-level (mws) provider: OAuth only (oauth-m2m or a CLI profile), never pat. Unset: its environment.",
    ),
  })
  .prefault({})
  .describe("The Databricks workspace and account.");

export type DatabricksAuthConfig = NonNullable<z.output<typeof databricksSchema>["workspaceAuth"]>;
