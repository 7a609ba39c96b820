/**
 * What attributes of a provider's block types hold, read from the provider's prebuilt cdktf bindings
 * (`@cdktf/provider-<name>`): the generated getters call `getListAttribute('x')`,
 * `getNumberAttribute('y')`, ... The harness needs it for providers whose binary (and schema) is not
 * in the mirror, to give list attributes a list placeholder.
 */
import * as fs from "fs";
import * as path from "path";
import { AttributeKind, AttributeKindLookup } from "./placeholders";
import { BlockMode } from "./terraform-json";

const GETTER = /this\.get(String|Number|Boolean|List|NumberList|StringMap|NumberMap|BooleanMap)Attribute\('([^']+)'\)/g;
const KIND_OF_GETTER: Record<string, AttributeKind> = {
  String: "string",
  Number: "number",
  Boolean: "bool",
  List: "list",
  NumberList: "list",
  StringMap: "map",
  NumberMap: "map",
  BooleanMap: "map",
};

/** Attribute name -> kind, from the source of one generated binding module. Pure. */
export function parseBindingKinds(source: string): Map<string, AttributeKind> {
  const kinds = new Map<string, AttributeKind>();
  for (const m of source.matchAll(GETTER)) if (!kinds.has(m[2])) kinds.set(m[2], KIND_OF_GETTER[m[1]]);
  return kinds;
}

/** The binding module directory of a block type: `databricks_mws_credentials` -> `mws-credentials`, data -> `data-databricks-...`. */
export function bindingDirectory(mode: BlockMode, type: string): string {
  const kebab = (s: string) => s.replace(/_/g, "-");
  return mode === "data" ? `data-${kebab(type)}` : kebab(type.split("_").slice(1).join("_") || type);
}

/**
 * A lookup backed by `@cdktf/provider-<provider type>` as installed for `projectDir`; unknown
 * providers, block types and attributes yield undefined (the placeholder then goes by name).
 */
export function cdktfBindingKindLookup(projectDir: string): AttributeKindLookup {
  const cache = new Map<string, Map<string, AttributeKind> | undefined>();
  return (mode, type, attribute) => {
    const key = `${mode}:${type}`;
    if (!cache.has(key)) cache.set(key, loadKinds(projectDir, mode, type));
    return cache.get(key)?.get(attribute);
  };
}

function loadKinds(projectDir: string, mode: BlockMode, type: string): Map<string, AttributeKind> | undefined {
  const providerType = type.split("_")[0];
  try {
    const packageJson = require.resolve(`@cdktf/provider-${providerType}/package.json`, { paths: [projectDir] });
    const file = path.join(path.dirname(packageJson), "lib", bindingDirectory(mode, type), "index.js");
    return parseBindingKinds(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}
