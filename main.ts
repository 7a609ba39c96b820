import { loadConfig } from "./config/app-config";
import { failureReport } from "./config/errors";

// The only place that reads the environment: an optional JSON config file overriding the defaults.
const file = process.env.DATA_ACCESS_CONFIG;
try {
  const config = loadConfig(file);
  // cdktf, the providers and the stacks are loaded only for a valid config: a config failure exits
  // without them (several times faster, e.g. for the bad-config table in __tests__/config).
  const { App } = require("cdktf") as typeof import("cdktf");
  const { buildApp, synthIntoOutdir } = require("./stacks/app") as typeof import("./stacks/app");
  // cdktf's CLI passes the output folder in CDKTF_OUTDIR; cdktf.out otherwise, as App does.
  synthIntoOutdir(process.env.CDKTF_OUTDIR ?? "cdktf.out", (outdir) => buildApp(new App({ outdir }), config));
} catch (error) {
  // One block naming the fields, exit status 1; the stack trace only on request.
  process.stderr.write(failureReport(error, file, process.env.DATA_ACCESS_DEBUG === "1"));
  process.exitCode = 1;
}
