/**
 * Child processes of the harness: spawn without a shell, a sanitized environment, network isolation
 * where the OS offers it, and a closed loopback port for the mocked endpoints.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";

/** How a child process ended. */
export interface ProcessResult {
  /** Exit code; null when killed by a signal or when it could not start. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Options of {@link runProcess}. */
export interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /**
   * Command prefix, e.g. `["unshare", "-n"]` to run in a network namespace of its own.
   * @default none
   */
  readonly prefix?: readonly string[];
}

/** Runs a command (no shell) and collects its output. Never rejects: a failed start is code null with the error in stderr. */
export function runProcess(command: string, args: readonly string[], options: RunOptions): Promise<ProcessResult> {
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  const [file, ...fullArgs] = [...(options.prefix ?? []), command, ...args];
  return new Promise((resolve) => {
    const child = spawn(file, fullArgs, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) => resolve({ code: null, stdout: "", stderr: `${file}: ${error.message}`, seconds: seconds() }));
    child.on("close", (code) =>
      resolve({ code, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8"), seconds: seconds() }),
    );
  });
}

/** The executable a command name resolves to on PATH, if any. */
export function findOnPath(command: string, pathVariable = process.env.PATH ?? ""): string | undefined {
  if (command.includes("/")) return fs.existsSync(command) ? command : undefined;
  for (const dir of pathVariable.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Environment variables that would hand the child real credentials, other hosts, or other Terraform settings. */
const DROPPED_ENV = [
  /^AWS_/,
  /^DATABRICKS_/,
  /^(HTTP|HTTPS|NO|ALL)_PROXY$/i,
  /^TF_CLI_ARGS/,
  /^TF_(CLI_CONFIG_FILE|PLUGIN_CACHE_DIR|DATA_DIR|WORKSPACE|TOKEN_.*|CLOUD_.*|REGISTRY_.*)$/,
  /^TF_VAR_/,
];

/** The environment Terraform children get: the parent's minus credentials/proxies/Terraform overrides, plus the harness's settings. */
export function terraformEnv(base: NodeJS.ProcessEnv, cliConfigFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) if (!DROPPED_ENV.some((re) => re.test(key))) env[key] = value;
  return {
    ...env,
    TF_CLI_CONFIG_FILE: cliConfigFile,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1", // no version check against checkpoint-api.hashicorp.com
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** A CLI configuration that installs providers from the filesystem mirror only (no registry, no plugin cache). */
export function cliConfig(mirrorDir: string): string {
  return [
    "# Written by scripts/terraform-check.ts: providers only from the filesystem mirror; no plugin_cache_dir",
    "# (concurrent inits race on a shared cache).",
    "disable_checkpoint = true",
    "provider_installation {",
    "  filesystem_mirror {",
    `    path = ${JSON.stringify(mirrorDir)}`,
    "  }",
    "}",
    "",
  ].join("\n");
}

/** A command prefix that gives children a network namespace without any interface up, if this machine allows one. */
export async function networkIsolationPrefix(cwd: string): Promise<readonly string[] | undefined> {
  const unshare = findOnPath("unshare");
  if (!unshare) return undefined;
  for (const prefix of [[unshare, "-n"], [unshare, "-rn"]]) {
    const probe = await runProcess("true", [], { cwd, env: process.env, prefix });
    if (probe.code === 0) return prefix;
  }
  return undefined;
}

/** A loopback port nothing listens on (bound, then released). */
export function closedLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Runs tasks with at most `limit` at a time, keeping result order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
