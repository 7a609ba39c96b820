import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { DEFAULT_CONFIG, loadConfig, resolveConfig } from "../../config/app-config";

describe("app config", () => {
  test("defaults are the guides' example values", () => {
    const config = resolveConfig();
    expect(config.namePrefix).toBe("changeme");
    expect(config.region).toBe("us-east-1");
    expect(config.workspaceAccountId).toBe("111122223333");
    expect(config.dataAccount.accountId).toBe("444455556666");
    expect(config.cluster).toEqual({ name: "Shared Autoscaling", minWorkers: 1, maxWorkers: 50, autoterminationMinutes: 20 });
    expect(config.bucket).toEqual({ versioned: false, forceDestroy: false, encryption: "S3_MANAGED" });
    expect(config.backend).toEqual({ type: "local" });
  });

  test("a file overrides the defaults field by field", () => {
    const dir = mkdtempSync(join(tmpdir(), "config-"));
    const file = join(dir, "c.json");
    writeFileSync(file, JSON.stringify({ namePrefix: "acme", cluster: { maxWorkers: 8 }, tags: { Team: "data" } }));
    const config = loadConfig(file);
    expect(config.namePrefix).toBe("acme");
    expect(config.cluster.maxWorkers).toBe(8);
    expect(config.cluster.minWorkers).toBe(1);
    expect(config.tags).toEqual({ Team: "data" });
  });

  test("the example config in the repo is valid", () => {
    expect(() => loadConfig(join(__dirname, "..", "..", "config", "example.config.json"))).not.toThrow();
  });

  test.each([
    [{ namePrefix: "Bad_Prefix" }, 'config.namePrefix "Bad_Prefix" is invalid: must be lowercase letters, digits and hyphens, starting with a letter'],
    [{ region: "mars-1" }, 'config.region "mars-1" is invalid: must be an AWS region known to AWS provider 5.100.0, e.g. us-east-1'],
    [{ workspaceAccountId: "1234" }, 'config.workspaceAccountId "1234" is invalid: must be a 12-digit AWS account ID'],
    [{ workspaceAccountId: 111122223333 }, "config.workspaceAccountId 111122223333 is invalid: must be a string"],
    [{ dataAccount: { accountId: "111122223333" } }, 'config.dataAccount.accountId "111122223333" is invalid: must differ from config.workspaceAccountId (this is cross-account access)'],
    [{ dataAccount: { region: "us-west-9" } }, 'config.dataAccount.region "us-west-9" is invalid: must be an AWS region known to AWS provider 5.100.0, e.g. us-east-1'],
    [{ dataAccount: { assumeRoleName: "bad role" } }, 'config.dataAccount.assumeRoleName "bad role" is invalid: must be 1-64 characters of letters, digits and +=,.@_-'],
    [{ cluster: { minWorkers: 5, maxWorkers: 2 } }, "config.cluster.maxWorkers 2 is invalid: must be at least minWorkers (5)"],
    [{ cluster: { maxWorkers: 0 } }, "config.cluster.maxWorkers 0 is invalid: must be an integer from 1 to 100000"],
    [{ cluster: { autoterminationMinutes: 5 } }, "config.cluster.autoterminationMinutes 5 is invalid: must be 0 or an integer from 10 to 10000"],
    [{ bucket: { encryption: "AES" } }, 'config.bucket.encryption "AES" is invalid: must be one of S3_MANAGED, KMS'],
    [{ bucket: { forceDestroy: "yes" } }, 'config.bucket.forceDestroy "yes" is invalid: must be a boolean'],
    [{ databricks: { workspaceHost: "http://insecure" } }, 'config.databricks.workspaceHost "http://insecure" is invalid: must be an https:// URL of a host, e.g. https://dbc-1234.cloud.databricks.com'],
    [{ crossAccountPolicy: { policyType: "open" } }, 'config.crossAccountPolicy.policyType "open" is invalid: must be one of managed, customer, restricted'],
    [{ iamPropagationWaitSeconds: 301 }, "config.iamPropagationWaitSeconds 301 is invalid: must be an integer from 0 to 300"],
    [{ backend: { type: "gcs" } }, 'config.backend.type "gcs" is invalid: must have "type": "local" or "s3"'],
    [{ backend: { type: "s3", bucket: "Bad", keyPrefix: "x", region: "us-east-1" } }, 'config.backend.bucket "Bad" is invalid: must be 3-63 characters of lowercase letters, digits, dots and hyphens, start and end with a letter or digit, have no two adjacent dots and no dot beside a hyphen, not look like an IP address, not start with xn--, sthree- or amzn-s3-demo- and not end with -s3alias, --ol-s3, --x-s3, --table-s3 or .mrap (reserved by AWS)'],
    [{ backend: { type: "s3", bucket: "state-bucket", keyPrefix: "x", region: "us-east-1", useLockfile: false } }, "config.backend.useLockfile false is invalid: may only be false when dynamodbTable provides locking (state locking is never off)"],
    [{ clusterr: {} }, "config.clusterr {} is invalid: is not a known configuration field"],
    [{ cluster: { maxWorker: 3 } }, "config.cluster.maxWorker 3 is invalid: is not a known configuration field"],
    [{ tags: { Team: 5 } }, "config.tags.Team 5 is invalid: must be a string"],
  ])("rejects %j", (override, message) => {
    expect(() => resolveConfig(override as Record<string, unknown>)).toThrow(message);
  });

  test("a namePrefix that makes a bucket name AWS refuses is reported on namePrefix, with the bucket name", () => {
    // <namePrefix>-ds is the data-access stack's bucket (stacks/data-access-stack.ts).
    expect(() => resolveConfig({ namePrefix: "xn--abc" })).toThrow(
      'config.namePrefix "xn--abc" is invalid: must be 3-63 characters of lowercase letters, digits, dots and hyphens, start and end with a letter or digit, have no two adjacent dots and no dot beside a hyphen, not look like an IP address, not start with xn--, sthree- or amzn-s3-demo- and not end with -s3alias, --ol-s3, --x-s3, --table-s3 or .mrap (reserved by AWS)\n' +
        '    hint: <namePrefix>-ds is the S3 bucket name "xn--abc-ds"',
    );
    expect(resolveConfig({ namePrefix: "xn-abc" }).namePrefix).toBe("xn-abc");
  });

  test("a data account is reached through one of an assumed role (the default) or a profile", () => {
    expect(resolveConfig({ dataAccount: { accountId: "444455556666" } }).dataAccount.assumeRoleName).toBe("OrganizationAccountAccessRole");
    expect(resolveConfig({ dataAccount: { profile: "data" } }).dataAccount.assumeRoleName).toBeUndefined();
    expect(() => resolveConfig({ dataAccount: { profile: "data", assumeRoleName: "R" } })).toThrow(
      'config.dataAccount.assumeRoleName "R" is invalid: must not be set with profile (the provider would ignore it): choose one',
    );
  });

  test("an unreadable file fails with the path", () => {
    expect(() => loadConfig("/nonexistent/config.json")).toThrow('config file "/nonexistent/config.json" is invalid: must be a readable file (ENOENT)');
  });

  test("defaults are not mutated by overrides", () => {
    resolveConfig({ cluster: { maxWorkers: 3 } });
    expect(DEFAULT_CONFIG.cluster.maxWorkers).toBe(50);
  });
});

describe("Databricks provider auth (databricks.workspaceAuth, databricks.accountAuth)", () => {
  test("each provider gets its own settings; none by default", () => {
    expect(resolveConfig().databricks.workspaceAuth).toBeUndefined();
    const config = resolveConfig({
      databricks: { workspaceAuth: { profile: "ws", authType: "pat" }, accountAuth: { authType: "oauth-m2m", clientId: "sp-1" } },
    });
    expect(config.databricks.workspaceAuth).toEqual({ profile: "ws", authType: "pat" });
    expect(config.databricks.accountAuth).toEqual({ authType: "oauth-m2m", clientId: "sp-1" });
  });

  test.each([
    [
      { accountAuth: { authType: "pat" } },
      'config.databricks.accountAuth.authType "pat" is invalid: must be one of oauth-m2m, databricks-cli, github-oidc, env-oidc, file-oidc',
    ],
    [{ workspaceAuth: { authType: "password" } }, 'config.databricks.workspaceAuth.authType "password" is invalid: must be one of pat, oauth-m2m, databricks-cli, github-oidc, env-oidc, file-oidc'],
    [{ accountAuth: { clientSecret: "s3cret" } }, 'config.databricks.accountAuth.clientSecret "s3cret" is invalid: is not a known configuration field'],
    [{ workspaceAuth: { profile: 1 } }, "config.databricks.workspaceAuth.profile 1 is invalid: must be a string"],
  ])("rejects %j", (databricks, message) => {
    expect(() => resolveConfig({ databricks })).toThrow(message);
  });
});
