import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { UnityCatalogStorageCredential, UnityCatalogStorageCredentialProps } from "../../modules/databricks/unity-catalog-storage-credential";
import { UnityCatalogServiceCredential, UnityCatalogServiceCredentialProps } from "../../modules/databricks/unity-catalog-service-credential";
import { testStack } from "./stack-json";

/** A test stack with a workspace Databricks provider (accounts A and B as in {@link testStack}). */
function withWorkspace() {
  const t = testStack();
  const workspace = new DatabricksProvider(t.stack, "databricks", { host: "https://x.cloud.databricks.com" });
  return { ...t, workspace };
}

/** A storage credential whose role is `changeme-uc-storage` in account B. */
export function storageCredentialStack(props: Partial<UnityCatalogStorageCredentialProps> = {}) {
  const t = withWorkspace();
  const credential = new UnityCatalogStorageCredential(t.stack, "uc", {
    account: t.accountB,
    roleName: "changeme-uc-storage",
    credentialName: "changeme-uc-storage",
    provider: t.workspace,
    ...props,
  });
  return { ...t, credential };
}

/** A service credential whose role is `changeme-uc-kinesis` in account B, with ACCESS for data-engineers. */
export function serviceCredentialStack(props: Partial<UnityCatalogServiceCredentialProps> = {}) {
  const t = withWorkspace();
  const credential = new UnityCatalogServiceCredential(t.stack, "kinesis", {
    account: t.accountB,
    roleName: "changeme-uc-kinesis",
    credentialName: "changeme-uc-kinesis",
    provider: t.workspace,
    grants: [{ principal: "data-engineers", privileges: ["ACCESS"] }],
    ...props,
  });
  return { ...t, credential };
}
