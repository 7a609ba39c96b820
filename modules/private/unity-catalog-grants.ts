import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { Grants } from "@cdktf/provider-databricks/lib/grants";
import { UnityCatalogGrant, UnityCatalogSecurable } from "./unity-catalog-rules";
// Declared without cdktf, so the app config can check grants and names before cdktf is loaded.
export { UNITY_CATALOG_NAME_RULE, UNITY_CATALOG_PRIVILEGES, validateUnityCatalogGrants, validateUnityCatalogName } from "./unity-catalog-rules";
export type { UnityCatalogGrant, UnityCatalogSecurable } from "./unity-catalog-rules";

/**
 * One `databricks_grants` for a securable, or none when `grants` is empty. It is authoritative:
 * principals not listed lose their privileges on that securable (docs/resources/grants.md), so every
 * grant of it must go through here.
 */
export function unityCatalogGrants(
  scope: Construct,
  id: string,
  securable: UnityCatalogSecurable,
  securableId: string,
  grants: readonly UnityCatalogGrant[] | undefined,
  provider: TerraformProvider | undefined,
): Grants | undefined {
  if (grants === undefined || grants.length === 0) return undefined;
  const target =
    securable === "external_location"
      ? { externalLocation: securableId }
      : securable === "storage_credential"
        ? { storageCredential: securableId }
        : securable === "credential"
          ? { credential: securableId }
          : { volume: securableId };
  return new Grants(scope, id, {
    provider,
    ...target,
    grant: grants.map((g) => ({ principal: g.principal, privileges: [...g.privileges] })),
  });
}
