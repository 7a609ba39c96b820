import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { Grants } from "@cdktf/provider-databricks/lib/grants";
import { ValidationError, isUnresolved } from "./validation";

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

/**
 * Unity Catalog object names may not contain a period, a space, a slash or control characters, and
 * are at most 255 characters (Databricks SQL reference, "Names"); the library also keeps them to
 * letters, digits, `_` and `-` so they need no quoting in SQL beyond backticks.
 */
export const UNITY_CATALOG_NAME_RULE = "must be 1-255 characters of letters, digits, _ and - (no spaces, periods or slashes)";
export function validateUnityCatalogName(field: string, value: string): void {
  if (isUnresolved(value)) return;
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(value)) throw new ValidationError(field, value, UNITY_CATALOG_NAME_RULE);
}

/** Checks principals and privileges; throws naming the field, the value and the rule. */
export function validateUnityCatalogGrants(field: string, securable: UnityCatalogSecurable, grants: readonly UnityCatalogGrant[]): void {
  const allowed = UNITY_CATALOG_PRIVILEGES[securable];
  const seen = new Set<string>();
  grants.forEach((g, i) => {
    if (!isUnresolved(g.principal) && g.principal.trim() === "") {
      throw new ValidationError(`${field}[${i}].principal`, g.principal, "must name a group, user or service principal");
    }
    if (seen.has(g.principal)) {
      // databricks_grants keeps one grant block per principal (a set keyed by principal, resource_grants.go).
      throw new ValidationError(`${field}[${i}].principal`, g.principal, "must appear once (merge its privileges into one entry)");
    }
    seen.add(g.principal);
    if (g.privileges.length === 0) throw new ValidationError(`${field}[${i}].privileges`, [], "must name at least one privilege");
    for (const p of g.privileges) {
      if (!allowed.includes(p)) {
        const hint = p.includes(" ") ? ` (write ${p.replace(/ /g, "_")}: databricks_grants spells privileges with underscores)` : "";
        throw new ValidationError(`${field}[${i}].privileges`, p, `must be one of ${allowed.join(", ")} for securable ${securable}${hint}`);
      }
    }
  });
}

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
