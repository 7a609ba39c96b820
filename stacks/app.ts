import { mkdirSync, readdirSync, renameSync, rmSync } from "fs";
import { join } from "path";
import { App } from "cdktf";
import { DataAccessSecurityChecks } from "../modules/security/data-access-security-checks";
import { AppConfig } from "../config/app-config";
import { DataAccessStack } from "./data-access-stack";
import { CredentialPassthroughStack } from "./credential-passthrough-stack";
import { CrossAccountS3Stack } from "./cross-account-s3-stack";
import { CrossAccountKinesisStack } from "./cross-account-kinesis-stack";
import { KinesisLambdaSharingStack } from "./kinesis-lambda-sharing-stack";
import { KclConsumerStack } from "./kcl-consumer-stack";
import { UnityCatalogStack } from "./unity-catalog-stack";

/** Stack names, in deploy order. */
export const STACK_NAMES = ["data-access", "cross-account-s3", "cross-account-kinesis", "credential-passthrough", "kinesis-lambda-sharing", "kcl-consumer", "unity-catalog"] as const;

/** Builds every stack of the app from the config, each checked by the security aspect. */
export function buildApp(app: App, config: AppConfig): App {
  const dataAccess = new DataAccessStack(app, "data-access", { config });
  // Both add iam:PassRole to the workspace cross-account role the data-access stack creates.
  new CrossAccountS3Stack(app, "cross-account-s3", { config }).addDependency(dataAccess);
  new CrossAccountKinesisStack(app, "cross-account-kinesis", { config }).addDependency(dataAccess);
  // Legacy passthrough, only when configured with the IdP's metadata; adds iam:PassRole on its meta
  // instance profile role to the same workspace cross-account role.
  if (config.credentialPassthrough.enabled) {
    new CredentialPassthroughStack(app, "credential-passthrough", { config }).addDependency(dataAccess);
  }
  // The Lambda and KCL Kinesis consumers: independent of the data-access stack; each can be switched off in
  // config.kinesisConsumers.
  if (config.kinesisConsumers.lambda.enabled) new KinesisLambdaSharingStack(app, "kinesis-lambda-sharing", { config });
  if (config.kinesisConsumers.kcl.enabled) new KclConsumerStack(app, "kcl-consumer", { config });
  // Unity Catalog, beside the legacy stacks above (docs/unity-catalog-migration.md); independent of them.
  if (config.unityCatalog.enabled) new UnityCatalogStack(app, "unity-catalog", { config });
  return applySecurityChecks(app);
}

/** Adds the security aspect to each stack: cdktf 0.21's synthesizer never runs aspects added to the App. */
export function applySecurityChecks(app: App): App {
  DataAccessSecurityChecks.addToEachStack(app);
  return app;
}

/**
 * Synthesizes into a fresh folder beside `outdir` and moves the result in only when every stack
 * synthesized: a failure (cdktf validates and writes stack by stack) leaves `outdir` untouched.
 */
export function synthIntoOutdir(outdir: string, build: (scratch: string) => App): void {
  const scratch = `${outdir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  try {
    build(scratch).synth();
    mkdirSync(outdir, { recursive: true });
    for (const entry of readdirSync(scratch)) {
      rmSync(join(outdir, entry), { recursive: true, force: true });
      renameSync(join(scratch, entry), join(outdir, entry));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
