// The app process with N copies of the data-access stack (BENCH_COPIES), for the synth benchmark.
import { App } from "cdktf";
import { resolveConfig } from "../config/app-config";
import { applySecurityChecks } from "../stacks/app";
import { DataAccessStack } from "../stacks/data-access-stack";

const copies = Number(process.env.BENCH_COPIES ?? "1");
const config = resolveConfig();
const app = new App();
for (let i = 1; i <= copies; i++) {
  new DataAccessStack(app, `data-access-${i}`, { config: { ...config, namePrefix: `${config.namePrefix}${i}` } });
}
applySecurityChecks(app).synth();
