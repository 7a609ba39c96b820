// The cdktf.json app command: transpile main.ts and what it imports with esbuild (no type-check; that
// is `npm test`'s and `npm run build`'s job), bundled into .gen/main.js with packages left external, then
// run it. Measured here: 0.6 s for the whole app, against 0.9 s through tsx's per-file loader hooks.
// `node scripts/run-app.js [entry.ts]` runs another entry the same way (the synth benchmark does).
const path = require("path");
const root = path.join(__dirname, "..");
const entry = process.argv[2] ?? "main.ts";
const outfile = path.join(root, ".gen", path.basename(entry).replace(/\.ts$/, ".js"));
require("esbuild").buildSync({
  entryPoints: [path.join(root, entry)],
  outfile,
  bundle: true,
  packages: "external",
  platform: "node",
  target: "node20",
  logLevel: "warning",
});
require(outfile);
