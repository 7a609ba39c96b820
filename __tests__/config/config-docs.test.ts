/** docs/configuration.md and config/schema.json are generated from the schema (npm run config:docs) and must be current. */
import { readFileSync } from "fs";
import { join } from "path";
import { resolveConfig } from "../../config/app-config";
import { DOCS_FILE, SCHEMA_FILE, configJsonSchema, renderDocs, renderJsonSchema } from "../../scripts/config-docs";

test.each([
  ["config/schema.json", SCHEMA_FILE, renderJsonSchema],
  ["docs/configuration.md", DOCS_FILE, renderDocs],
])("%s is current (else run npm run config:docs)", (_name, file, render) => {
  expect(readFileSync(file, "utf8")).toBe(render());
});

test("the docs name every field of the JSON Schema", () => {
  const docs = renderDocs();
  const fields: string[] = [];
  const walk = (schema: any, path: string) => {
    for (const [key, child] of Object.entries<any>(schema.properties ?? {})) {
      const field = path === "" ? key : `${path}.${key}`;
      fields.push(field);
      walk(child, field);
      for (const variant of child.oneOf ?? child.anyOf ?? []) walk(variant, field);
      if (child.items) walk(child.items, `${field}[]`);
    }
  };
  walk(configJsonSchema(), "");
  expect(fields.length).toBeGreaterThan(90);
  expect(fields.filter((f) => !docs.includes(`| \`${f}\``))).toEqual([]);
});

test.each([
  ["config/example.config.json", "./schema.json"],
  ["config/unity-catalog.example.config.json", "./schema.json"],
  ["scripts/validate.config.json", "../config/schema.json"],
])('%s points editors at the schema, and the app accepts it with its "$schema"', (file, schema) => {
  const example = JSON.parse(readFileSync(join(__dirname, "..", "..", file), "utf8"));
  expect(example.$schema).toBe(schema);
  expect(() => resolveConfig(example, file)).not.toThrow();
});
