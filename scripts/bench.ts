/**
 * `npm run bench`: medians of several runs of the app process alone (all stacks), the whole `cdktf synth`,
 * and an app process with 1, 2, 4 and 8 copies of the data-access stack only (how cost grows with stacks). Writes into a temp dir, sends nothing
 * off the machine (CHECKPOINT_DISABLE stops cdktf-cli's version check).
 */
import { spawnSync } from "child_process";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

const root = join(__dirname, "..");
const runs = Number(process.env.BENCH_RUNS ?? "5");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function time(label: string, command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const outdir = mkdtempSync(join(tmpdir(), "bench-"));
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, {
      cwd: root,
      env: { ...process.env, ...extraEnv, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
      encoding: "utf8",
    });
    samples.push(Number(process.hrtime.bigint() - start) / 1e9);
    rmSync(outdir, { recursive: true, force: true });
    if (result.status !== 0) throw new Error(`${label} failed:\n${result.stdout}\n${result.stderr}`);
  }
  const m = median(samples);
  console.log(`${label.padEnd(44)} ${m.toFixed(2)} s  (median of ${runs}; min ${Math.min(...samples).toFixed(2)}, max ${Math.max(...samples).toFixed(2)})`);
  return m;
}

const node = process.execPath;
console.log(`synth benchmark on ${require("os").cpus().length} cores, node ${process.version}`);
time("app process (cdktf.json app: node scripts/run-app.js)", node, ["scripts/run-app.js"]);
time("cdktf synth (whole CLI)", join(root, "node_modules", ".bin", "cdktf"), ["synth", "--output", join(tmpdir(), "bench-cli-out")]);
for (const copies of [1, 2, 4, 8]) {
  time(`app process, ${copies} data-access stack(s)`, node, ["scripts/run-app.js", "scripts/bench-app.ts"], { BENCH_COPIES: String(copies) });
}
