import { existsSync } from "fs";
import * as path from "path";

/**
 * The app's root folder (the one holding package.json), found from this file's folder upwards, so
 * relative paths in config and assets resolve the same whether the app runs from source (tsx, jest)
 * or bundled into .gen/ (the cdktf.json app command).
 */
export function projectRoot(start: string = __dirname): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}
