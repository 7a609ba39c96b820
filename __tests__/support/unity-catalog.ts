import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { UnityCatalogStorageCredential, UnityCatalogStorageCredentialProps } from "../../modules/databricks/unity-catalog-storage-credential";
import { testStack } from "./stack-json";

/** A test stack with a workspace Databricks provider and a storage credential whose role is in account B. */
export function storageCredentialStack(props: Partial<UnityCatalogStorageCredentialProps> = {}) {
  const t = testStack();
  const workspace = new DatabricksProvider(t.stack, "databricks", { host: "https://x.cloud.databricks.com" });
  const credential = new UnityCatalogStorageCredential(t.stack, "uc", {
    account: t.accountB,
    roleName: "changeme-uc-storage",
    credentialName: "changeme-uc-storage",
    provider: workspace,
    ...props,
  });
  return { ...t, workspace, credential };
}
