import { ValidationError, isUnresolved } from "./validation";

import { UNITY_CATALOG_PRIVILEGES, UnityCatalogGrant, UnityCatalogSecurable } from "../databricks/unity-catalog-privileges";
export { UNITY_CATALOG_PRIVILEGES } from "../databricks/unity-catalog-privileges";
export type { UnityCatalogGrant, UnityCatalogSecurable } from "../databricks/unity-catalog-privileges";

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

/** Why overlapping locations are refused (Databricks, "Path rules and access in Unity Catalog volumes"). */
export const EXTERNAL_LOCATION_OVERLAP_REASON = 'external locations may not overlap other external locations (Databricks, "Path rules and access in Unity Catalog volumes")';

/**
 * Whether two key prefixes of one bucket overlap as external locations: either is the whole bucket
 * (`undefined`), they are equal, or one is an ancestor of the other (`a` and `a/b`; `a` and `ab` do not).
 */
export function locationPrefixesOverlap(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}
