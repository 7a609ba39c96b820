// The app process with N copies of the data-access stack, for the synth benchmark.
import { App } from "cdktf";
import { resolveConfig } from "../config/app-config";
import { buildApp } from "../stacks/app";

const copies = Number(process.argv[2] ?? "1");
buildApp(new App(), resolveConfig(), { copies }).synth();
