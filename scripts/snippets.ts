/**
 * Fills the code snippets of README.md and docs/ from the example projects, which CI type-checks and
 * synthesizes (`npm run test:consumer`), so a snippet cannot go stale:
 *
 *   <!-- snippet: examples/<scenario>/main.ts#<region> -->
 *   ```ts
 *   (the lines between `// #region <region>` and `// #endregion` in that file, dedented)
 *   ```
 *   <!-- /snippet -->
 *
 * Without `#<region>` the whole file is shown. In README.md every TypeScript block must be such a snippet.
 *
 *   node --import tsx scripts/snippets.ts           # rewrite the snippets in place (`npm run docs:snippets`)
 *   node --import tsx scripts/snippets.ts --check   # list stale snippets and fail (a jest test runs this too)
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
/** Snippet sources must be example files: those are the ones CI compiles and synthesizes. */
const SOURCE_DIR = "examples/";
const MARKER = /<!-- snippet: (\S+?) -->\n[\s\S]*?<!-- \/snippet -->/g;
const REGION_START = /^\s*\/\/ #region (\S+)\s*$/;
const REGION_END = /^\s*\/\/ #endregion\b/;

/** The lines of region `name` of `source` (or all of it), without region markers, dedented. */
export function extractRegion(source: string, name: string | undefined, where: string): string {
  const lines = source.replace(/\r\n/g, "\n").split("\n");
  let body: string[];
  if (name === undefined) {
    body = lines;
  } else {
    const starts = lines.flatMap((line, i) => (line.match(REGION_START)?.[1] === name ? [i] : []));
    if (starts.length !== 1) throw new Error(`${where}: region "${name}" must occur exactly once, found ${starts.length}`);
    const end = lines.findIndex((line, i) => i > starts[0] && REGION_END.test(line));
    if (end < 0) throw new Error(`${where}: region "${name}" has no // #endregion`);
    body = lines.slice(starts[0] + 1, end);
  }
  body = body.filter((line) => !REGION_START.test(line) && !REGION_END.test(line));
  while (body.length > 0 && body[body.length - 1].trim() === "") body.pop();
  const indent = Math.min(...body.filter((line) => line.trim() !== "").map((line) => line.length - line.trimStart().length));
  return body.map((line) => line.slice(Number.isFinite(indent) ? indent : 0)).join("\n");
}

/** `markdown` with every snippet refilled from its source; `readSource` reads a repository-relative path. */
export function renderSnippets(markdown: string, readSource: (relativePath: string) => string, where: string): string {
  return markdown.replace(MARKER, (_match, reference: string) => {
    const [file, region] = reference.split("#");
    if (!file.startsWith(SOURCE_DIR) || file.includes("..")) throw new Error(`${where}: snippet source ${file} is not a file under ${SOURCE_DIR}`);
    const language = path.extname(file) === ".ts" ? "ts" : path.extname(file).slice(1);
    const code = extractRegion(readSource(file), region, `${file}`);
    return `<!-- snippet: ${reference} -->\n\`\`\`${language}\n${code}\n\`\`\`\n<!-- /snippet -->`;
  });
}

/** TypeScript code blocks of `markdown` that no snippet marker fills. */
export function handWrittenCodeBlocks(markdown: string): string[] {
  const outside = markdown.replace(MARKER, "");
  return [...outside.matchAll(/^```(ts|typescript)\n([\s\S]*?)^```/gm)].map((m) => m[2].split("\n")[0]);
}

/** README.md and every page of docs/ except the generated API reference. */
export function documentationFiles(root = ROOT): string[] {
  const docs = path.join(root, "docs");
  const pages = fs.existsSync(docs)
    ? (fs.readdirSync(docs, { recursive: true }) as string[])
        .filter((f) => f.endsWith(".md") && !f.startsWith(`api${path.sep}`))
        .map((f) => path.join("docs", f))
    : [];
  return ["README.md", ...pages.sort()];
}

/** The documentation files whose snippets differ from their sources, and README blocks written by hand. */
export function staleSnippets(root = ROOT): string[] {
  const problems: string[] = [];
  const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
  for (const file of documentationFiles(root)) {
    const markdown = read(file);
    if (renderSnippets(markdown, read, file) !== markdown) problems.push(`${file}: snippets differ from their sources (npm run docs:snippets)`);
    if (file === "README.md") {
      for (const first of handWrittenCodeBlocks(markdown)) problems.push(`${file}: a TypeScript block is not a snippet of an example (starts "${first}")`);
    }
  }
  return problems;
}

function main(): void {
  if (process.argv.includes("--check")) {
    const problems = staleSnippets();
    for (const problem of problems) console.error(problem);
    console.log(problems.length === 0 ? "snippets: up to date" : `snippets: ${problems.length} problem(s)`);
    if (problems.length > 0) process.exitCode = 1;
    return;
  }
  const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
  for (const file of documentationFiles()) {
    const markdown = read(file);
    const rendered = renderSnippets(markdown, read, file);
    if (rendered !== markdown) {
      fs.writeFileSync(path.join(ROOT, file), rendered);
      console.log(`snippets: rewrote ${file}`);
    }
  }
}

if (require.main === module) main();
