import { App } from "cdktf";
import { AppConfig } from "../config/app-config";
import { DataAccessStack } from "./data-access-stack";

/** Stack names, in deploy order. */
export const STACK_NAMES = ["data-access"] as const;

/**
 * Builds every stack of the app from the config. `copies` > 1 adds numbered copies of the
 * data-access stack (used by the synth benchmark to see how cost grows with stacks).
 */
export function buildApp(app: App, config: AppConfig, options: { copies?: number } = {}): App {
  new DataAccessStack(app, "data-access", { config });
  for (let i = 2; i <= (options.copies ?? 1); i++) {
    new DataAccessStack(app, `data-access-${i}`, { config: { ...config, namePrefix: `${config.namePrefix}${i}` } });
  }
  return app;
}
