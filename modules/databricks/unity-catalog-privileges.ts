// Declared without cdktf, so the app config can check grants before cdktf is loaded.

/** Unity Catalog securables this library grants on, and the privileges each accepts. */
export type UnityCatalogSecurable = "external_location" | "storage_credential" | "credential" | "volume";

/**
 * Privileges per securable, as `databricks_grants` spells them: with underscores, never spaces
 * (terraform-provider-databricks v1.99.0 docs/resources/grants.md, "External location grants",
 * "Storage credential grants", "Service credential grants", "Volume grants").
 */
export const UNITY_CATALOG_PRIVILEGES: Readonly<Record<UnityCatalogSecurable, readonly string[]>> = {
  external_location: ["ALL_PRIVILEGES", "BROWSE", "CREATE_EXTERNAL_TABLE", "CREATE_EXTERNAL_VOLUME", "CREATE_MANAGED_STORAGE", "MANAGE", "READ_FILES", "WRITE_FILES"],
  storage_credential: ["ALL_PRIVILEGES", "CREATE_EXTERNAL_LOCATION", "CREATE_EXTERNAL_TABLE", "MANAGE", "READ_FILES", "WRITE_FILES"],
  credential: ["ALL_PRIVILEGES", "ACCESS", "CREATE_CONNECTION", "MANAGE"],
  volume: ["ALL_PRIVILEGES", "APPLY_TAG", "MANAGE", "READ_VOLUME", "WRITE_VOLUME"],
};

/** Privileges to give one principal (a group, user or service principal application ID). */
export interface UnityCatalogGrant {
  /** The account-level group name, user name or service principal application ID. */
  readonly principal: string;
  /** Privileges, spelled with underscores (`READ_FILES`, not `READ FILES`). */
  readonly privileges: readonly string[];
}
