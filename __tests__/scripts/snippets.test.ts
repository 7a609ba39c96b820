/**
 * scripts/snippets.ts: README.md and docs/ show the example projects' code (which CI type-checks and
 * synthesizes), so a snippet that no longer matches its example fails here.
 */
import { extractRegion, handWrittenCodeBlocks, renderSnippets, staleSnippets } from "../../scripts/snippets";

const EXAMPLE = [
  "class Stack {",
  "  constructor() {",
  "    // #region readme-bucket",
  "    const bucket = new DataBucket(this, \"data\", {",
  "      bucketName: \"acme\",",
  "    });",
  "    // #region readme-inner",
  "    bucket.grantRead(role);",
  "    // #endregion",
  "",
  "    // #endregion",
  "  }",
  "}",
].join("\n");

const sources: Record<string, string> = { "examples/demo/main.ts": EXAMPLE };
const read = (file: string): string => {
  if (!(file in sources)) throw new Error(`no file ${file}`);
  return sources[file];
};

describe("extractRegion", () => {
  test("returns the region's lines dedented, without nested markers or trailing blank lines", () => {
    expect(extractRegion(EXAMPLE, "readme-bucket", "main.ts")).toBe(
      ['const bucket = new DataBucket(this, "data", {', '  bucketName: "acme",', "});", "bucket.grantRead(role);"].join("\n"),
    );
  });

  test("a nested region ends at its own #endregion", () => {
    expect(extractRegion(EXAMPLE, "readme-inner", "main.ts")).toBe("bucket.grantRead(role);");
  });

  test("an unknown region is an error naming the file and the region", () => {
    expect(() => extractRegion(EXAMPLE, "readme-missing", "examples/demo/main.ts")).toThrow(
      'examples/demo/main.ts: region "readme-missing" must occur exactly once, found 0',
    );
  });
});

describe("renderSnippets", () => {
  const stale = 'Intro\n<!-- snippet: examples/demo/main.ts#readme-inner -->\n```ts\nbucket.grantReadWrite(role);\n```\n<!-- /snippet -->\nEnd\n';

  test("refills a stale snippet from its example and leaves the text around it", () => {
    expect(renderSnippets(stale, read, "README.md")).toBe(
      'Intro\n<!-- snippet: examples/demo/main.ts#readme-inner -->\n```ts\nbucket.grantRead(role);\n```\n<!-- /snippet -->\nEnd\n',
    );
  });

  test("an up-to-date snippet is left as it is", () => {
    const current = renderSnippets(stale, read, "README.md");
    expect(renderSnippets(current, read, "README.md")).toBe(current);
  });

  test("a source outside examples/ is refused", () => {
    expect(() => renderSnippets("<!-- snippet: stacks/app.ts -->\n<!-- /snippet -->", read, "docs/x.md")).toThrow(
      "docs/x.md: snippet source stacks/app.ts is not a file under examples/",
    );
  });
});

test("a TypeScript block outside a snippet is reported; snippets and shell blocks are not", () => {
  const markdown = [
    "```bash\nnpm test\n```",
    "<!-- snippet: examples/demo/main.ts#readme-inner -->\n```ts\nbucket.grantRead(role);\n```\n<!-- /snippet -->",
    "```ts\nconst stack = new TerraformStack(app, \"x\");\n```",
  ].join("\n");
  expect(handWrittenCodeBlocks(markdown)).toEqual(['const stack = new TerraformStack(app, "x");']);
});

test("README.md and docs/ show the examples' current code, and the README has no hand-written TypeScript", () => {
  expect(staleSnippets()).toEqual([]);
});
