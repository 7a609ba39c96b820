import { App } from "cdktf";
import { loadConfig } from "./config/app-config";
import { buildApp } from "./stacks/app";

// The only place that reads the environment: an optional JSON config file overriding the defaults.
const config = loadConfig(process.env.DATA_ACCESS_CONFIG);
buildApp(new App(), config).synth();
