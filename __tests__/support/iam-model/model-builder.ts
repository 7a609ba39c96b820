/**
 * Model building: collects roles (trust, inline and attached policies), customer-managed
 * policies, resource policies and instance profiles from every stack, and joins them by account
 * and name across stacks.
 */
import { DEFAULT_POLICY_VERSION, StatementJson, statementList } from "../../../modules/private/terraform-json/policy-document";
import { Findings, ModelScope, StackContext, asList } from "./stack-context";
import {
  AttachedPolicy,
  IamModel,
  InstanceProfileModel,
  ManagedPolicyModel,
  ModelOptions,
  PolicyJson,
  ProviderAccount,
  RenderedPolicy,
  ResourceModel,
  ResourcePolicyModel,
  RoleModel,
  SyntheticValue,
} from "./types";

/** A role as declared by one stack (before merging). */
interface MutableRole {
  arn: string;
  name: string;
  accountId: string;
  partition: string;
  source?: string;
  trustPolicy?: RenderedPolicy;
  inlinePolicies: AttachedPolicy[];
  managedPolicies: AttachedPolicy[];
  unknownManagedPolicyArns: string[];
  attachedArns: string[];
  permissionsBoundaryArn?: string;
}

/** Builds one {@link IamModel} from the stacks' contexts: roles, policies and resource policies merged by ARN. */
export class ModelBuilder implements ModelScope {
  public readonly contexts: StackContext[] = [];
  private readonly synthetic = new Map<string, SyntheticValue>();
  private readonly warnings: string[] = [];

  constructor(public readonly options: ModelOptions) {}

  public recordSynthetic(source: string, value: string, note: string): void {
    this.synthetic.set(`${source}:${value}`, { source, value, note });
  }

  /** The one other stack that declares this block, if exactly one does. */
  public stackDeclaring(from: StackContext, type: string, logicalId: string, isData: boolean): StackContext | undefined {
    const owners = this.contexts.filter((c) => c !== from && c.block(type, logicalId, isData) !== undefined);
    return owners.length === 1 ? owners[0] : undefined;
  }

  public resolveRemoteOutput(from: StackContext, remoteStateId: string, outputName: string, findings: Findings): string | undefined {
    const remoteBlock = from.block("terraform_remote_state", remoteStateId, true);
    const path: string | undefined = remoteBlock?.config?.path;
    const hinted = remoteStateId.replace(/^cross-stack-reference-input-/, "");
    const fromPath = typeof path === "string" ? /terraform\.(.+)\.tfstate$/.exec(path)?.[1] : undefined;
    const candidates = this.contexts.filter((c) => c !== from && c.json.output?.[outputName] !== undefined);
    const chosen = candidates.find((c) => c.name === hinted || c.name === fromPath) ?? (candidates.length === 1 ? candidates[0] : undefined);
    if (!chosen) return undefined;
    const value = chosen.json.output[outputName].value;
    return typeof value === "string" ? chosen.resolveString(value, findings) : undefined;
  }

  public build(): IamModel {
    const resources: ResourceModel[] = [];
    const roles = new Map<string, MutableRole>();
    const managedPolicies = new Map<string, ManagedPolicyModel>();
    const resourcePolicies = new Map<string, { accountId: string; policies: RenderedPolicy[] }>();
    const instanceProfiles: Array<{ arn: string; name: string; accountId: string; partition: string; roleName?: string }> = [];
    const inlines: Array<{ accountId: string; roleName: string; attached: AttachedPolicy }> = [];
    const attachments: Array<{ accountId: string; roleName: string; policyArn: string }> = [];
    const documents = new Map<string, RenderedPolicy>();

    const addResourcePolicy = (arn: string | undefined, accountId: string, policy: RenderedPolicy, exclusive: boolean) => {
      if (!arn || arn.includes("unresolved-")) {
        this.warnings.push(`${policy.source}: the resource ARN could not be resolved; the policy is not in the model`);
        return;
      }
      const entry = resourcePolicies.get(arn) ?? { accountId, policies: [] };
      if (exclusive && entry.policies.length > 0) {
        this.warnings.push(`${arn} has several resource policies (${[...entry.policies.map((p) => p.source), policy.source].join(", ")}); only one can exist in AWS`);
      }
      entry.policies.push(policy);
      resourcePolicies.set(arn, entry);
    };

    for (const ctx of this.contexts) {
      for (const isData of [false, true]) {
        const section = (isData ? ctx.json.data : ctx.json.resource) ?? {};
        for (const [type, blocks] of Object.entries<Record<string, any>>(section)) {
          for (const [logicalId, block] of Object.entries<Record<string, any>>(blocks)) {
            if (!type.startsWith("aws_")) {
              resources.push({ stack: ctx.name, address: `${isData ? "data." : ""}${type}.${logicalId}`, type, logicalId, isData, accountId: "", region: "", partition: "", config: block });
              continue;
            }
            const p = ctx.providerOf(block);
            const findings = new Findings();
            const attr = (a: string) => {
              const v = isData ? undefined : ctx.resourceAttribute(type, logicalId, block, a, findings);
              return v === undefined || v.includes("unresolved-") ? undefined : v;
            };
            const nameField = ["name", "bucket", "function_name"].find((f) => typeof block[f] === "string");
            resources.push({
              stack: ctx.name,
              address: `${isData ? "data." : ""}${type}.${logicalId}`,
              type,
              logicalId,
              isData,
              accountId: p.accountId,
              region: p.region,
              partition: p.partition,
              arn: attr("arn"),
              name: nameField ? attr(nameField) : undefined,
              config: block,
            });
            if (isData) {
              if (type === "aws_iam_policy_document") documents.set(`${ctx.name}/data.aws_iam_policy_document.${logicalId}`, ctx.renderDocument(logicalId));
              continue;
            }
            this.collect(ctx, type, logicalId, block, p, {
              roles,
              managedPolicies,
              addResourcePolicy,
              instanceProfiles,
              inlines,
              attachments,
            });
          }
        }
      }
    }

    // Inline policies and attachments find their role by account and name, in any stack.
    const roleFor = (accountId: string, roleName: string, partition: string): MutableRole => {
      const name = roleName.startsWith("arn:") ? roleName.split("/").pop()! : roleName;
      const found = [...roles.values()].find((r) => r.accountId === accountId && r.name === name);
      if (found) return found;
      const arn = `arn:${partition}:iam::${accountId}:role/${name}`;
      const external: MutableRole = { arn, name, accountId, partition, inlinePolicies: [], managedPolicies: [], unknownManagedPolicyArns: [], attachedArns: [] };
      roles.set(arn, external);
      return external;
    };
    const partitionOf = (accountId: string) => this.contexts.flatMap((c) => [...c.providers.values()]).find((p) => p.accountId === accountId)?.partition ?? "aws";
    for (const i of inlines) roleFor(i.accountId, i.roleName, partitionOf(i.accountId)).inlinePolicies.push(i.attached);
    for (const a of attachments) roleFor(a.accountId, a.roleName, partitionOf(a.accountId)).attachedArns.push(a.policyArn);

    const knownAws = new Map<string, PolicyJson>();
    for (const [key, doc] of Object.entries(this.options.managedPolicies ?? {})) knownAws.set(key, doc);
    for (const role of roles.values()) {
      for (const arn of role.attachedArns) {
        const created = managedPolicies.get(arn);
        const supplied = knownAws.get(arn) ?? knownAws.get(arn.split("/").pop()!);
        if (created) role.managedPolicies.push({ name: `managed:${arn}`, policy: created.policy });
        else if (supplied) {
          role.managedPolicies.push({
            name: `managed:${arn}`,
            policy: {
              source: `supplied:${arn}`,
              document: { Version: supplied.Version ?? DEFAULT_POLICY_VERSION, Statement: statementList(supplied) },
              unknownSourceDocuments: [],
              assumedSourceDocuments: [],
              unresolvedReferences: [],
            },
          });
        } else role.unknownManagedPolicyArns.push(arn);
      }
    }

    const profiles = new Map<string, InstanceProfileModel>();
    for (const ip of instanceProfiles) {
      const role = ip.roleName === undefined ? undefined : [...roles.values()].find((r) => r.accountId === ip.accountId && r.name === ip.roleName);
      profiles.set(ip.arn, {
        arn: ip.arn,
        name: ip.name,
        accountId: ip.accountId,
        roleArn: role?.arn ?? (ip.roleName ? `arn:${ip.partition}:iam::${ip.accountId}:role/${ip.roleName}` : undefined),
      });
    }

    const resourcePolicyModels = new Map<string, ResourcePolicyModel>();
    for (const [arn, entry] of resourcePolicies) {
      resourcePolicyModels.set(arn, {
        resourceArn: arn,
        accountId: entry.accountId,
        policies: entry.policies,
        document: { Version: DEFAULT_POLICY_VERSION, Statement: entry.policies.flatMap((p) => p.document.Statement) },
      });
    }

    const roleModels = new Map<string, RoleModel>();
    for (const [arn, r] of roles) {
      roleModels.set(arn, {
        arn: r.arn,
        name: r.name,
        accountId: r.accountId,
        partition: r.partition,
        source: r.source,
        trustPolicy: r.trustPolicy,
        inlinePolicies: r.inlinePolicies,
        managedPolicies: r.managedPolicies,
        unknownManagedPolicyArns: r.unknownManagedPolicyArns,
        permissionsBoundaryArn: r.permissionsBoundaryArn,
      });
    }

    const unknown = new Set<string>();
    const allPolicies: RenderedPolicy[] = [
      ...documents.values(),
      ...[...roleModels.values()].flatMap((r) => [...(r.trustPolicy ? [r.trustPolicy] : []), ...r.inlinePolicies.map((p) => p.policy), ...r.managedPolicies.map((p) => p.policy)]),
      ...[...resourcePolicyModels.values()].flatMap((r) => r.policies),
    ];
    for (const p of allPolicies) p.unknownSourceDocuments.forEach((u) => unknown.add(u));

    return {
      stacks: this.contexts.map((c) => c.name),
      providers: this.contexts.flatMap((c) => [...c.providers.values()]),
      resources,
      roles: roleModels,
      managedPolicies,
      resourcePolicies: resourcePolicyModels,
      instanceProfiles: profiles,
      documents,
      unknownDocuments: [...unknown].sort(),
      syntheticValues: [...this.synthetic.values()],
      warnings: [...this.warnings],
      knownAwsManagedPolicies: knownAws,
      resolve: (value: string, stack?: string) => {
        const ctx = stack === undefined ? this.contexts[0] : this.contexts.find((c) => c.name === stack);
        if (!ctx) throw new Error(`iam-model: no stack "${stack}" (have: ${this.contexts.map((c) => c.name).join(", ")})`);
        return ctx.resolveString(value, new Findings());
      },
    };
  }

  private collect(
    ctx: StackContext,
    type: string,
    logicalId: string,
    block: Record<string, any>,
    p: ProviderAccount,
    into: {
      roles: Map<string, MutableRole>;
      managedPolicies: Map<string, ManagedPolicyModel>;
      addResourcePolicy: (arn: string | undefined, accountId: string, policy: RenderedPolicy, exclusive: boolean) => void;
      instanceProfiles: Array<{ arn: string; name: string; accountId: string; partition: string; roleName?: string }>;
      inlines: Array<{ accountId: string; roleName: string; attached: AttachedPolicy }>;
      attachments: Array<{ accountId: string; roleName: string; policyArn: string }>;
    },
  ): void {
    const address = `${type}.${logicalId}`;
    const findings = new Findings();
    const value = (field: string): string | undefined => (typeof block[field] === "string" ? ctx.resolveString(block[field], findings) : undefined);
    const attr = (a: string) => ctx.resourceAttribute(type, logicalId, block, a, findings);

    switch (type) {
      case "aws_iam_role": {
        const arn = attr("arn");
        const name = attr("name");
        if (!arn || !name) {
          this.warnings.push(`${ctx.name}/${address}: role name not static (name_prefix or a reference); left out of the model`);
          return;
        }
        if (into.roles.get(arn)?.source) this.warnings.push(`${arn} is created by two stacks (${into.roles.get(arn)!.source}, ${ctx.name}/${address})`);
        const role: MutableRole = into.roles.get(arn) ?? { arn, name, accountId: p.accountId, partition: p.partition, inlinePolicies: [], managedPolicies: [], unknownManagedPolicyArns: [], attachedArns: [] };
        role.source = `${ctx.name}/${address}`;
        role.trustPolicy = ctx.resolvePolicy(block.assume_role_policy, `${address}.assume_role_policy`);
        for (const [i, inline] of asList(block.inline_policy).entries()) {
          const ip = inline as Record<string, any>;
          if (typeof ip.policy !== "string") continue;
          role.inlinePolicies.push({ name: `inline:${ip.name ?? i}`, policy: ctx.resolvePolicy(ip.policy, `${address}.inline_policy[${i}]`) });
        }
        for (const arnValue of asList(block.managed_policy_arns)) role.attachedArns.push(ctx.resolveString(String(arnValue), findings));
        role.permissionsBoundaryArn = value("permissions_boundary");
        into.roles.set(arn, role);
        return;
      }
      case "aws_iam_role_policy": {
        const roleName = value("role");
        if (!roleName) return;
        const name = value("name") ?? logicalId;
        into.inlines.push({ accountId: p.accountId, roleName, attached: { name: `inline:${name}`, policy: ctx.resolvePolicy(block.policy, `${address}.policy`) } });
        return;
      }
      case "aws_iam_role_policy_attachment": {
        const roleName = value("role");
        const policyArn = value("policy_arn");
        if (roleName && policyArn) into.attachments.push({ accountId: p.accountId, roleName, policyArn });
        return;
      }
      case "aws_iam_policy_attachment": {
        const policyArn = value("policy_arn");
        for (const r of asList(block.roles)) if (policyArn) into.attachments.push({ accountId: p.accountId, roleName: ctx.resolveString(String(r), findings), policyArn });
        return;
      }
      case "aws_iam_policy": {
        const arn = attr("arn");
        if (!arn) return;
        into.managedPolicies.set(arn, { arn, name: attr("name") ?? logicalId, accountId: p.accountId, policy: ctx.resolvePolicy(block.policy, `${address}.policy`) });
        return;
      }
      case "aws_iam_instance_profile": {
        const arn = attr("arn");
        const name = attr("name");
        if (!arn || !name) return;
        const roleValue = value("role");
        into.instanceProfiles.push({ arn, name, accountId: p.accountId, partition: p.partition, roleName: roleValue?.startsWith("arn:") ? roleValue.split("/").pop() : roleValue });
        return;
      }
      case "aws_s3_bucket": {
        if (typeof block.policy === "string") into.addResourcePolicy(attr("arn"), p.accountId, ctx.resolvePolicy(block.policy, `${address}.policy`), true);
        return;
      }
      case "aws_s3_bucket_policy": {
        const bucket = value("bucket");
        const arn = bucket === undefined ? undefined : bucket.startsWith("arn:") ? bucket : `arn:${p.partition}:s3:::${bucket}`;
        into.addResourcePolicy(arn, p.accountId, ctx.resolvePolicy(block.policy, `${address}.policy`), true);
        return;
      }
      case "aws_kms_key": {
        const arn = attr("arn");
        const policy =
          block.policy !== undefined
            ? ctx.resolvePolicy(block.policy, `${address}.policy`)
            : {
                // Without a policy argument AWS applies the default key policy: the account's IAM decides.
                source: `${ctx.name}/${address} (AWS default key policy)`,
                document: {
                  Version: DEFAULT_POLICY_VERSION,
                  Statement: [{ Sid: "EnableIAMUserPermissions", Effect: "Allow", Principal: { AWS: `arn:${p.partition}:iam::${p.accountId}:root` }, Action: "kms:*", Resource: "*" }],
                },
                unknownSourceDocuments: [],
                assumedSourceDocuments: [],
                unresolvedReferences: [],
              };
        into.addResourcePolicy(arn, p.accountId, policy, true);
        return;
      }
      case "aws_kinesis_resource_policy":
        into.addResourcePolicy(value("resource_arn"), p.accountId, ctx.resolvePolicy(block.policy, `${address}.policy`), true);
        return;
      case "aws_sns_topic_policy":
        into.addResourcePolicy(value("arn"), p.accountId, ctx.resolvePolicy(block.policy, `${address}.policy`), true);
        return;
      case "aws_sqs_queue_policy": {
        const url = value("queue_url");
        const m = url ? /^https:\/\/sqs\.([\w-]+)\.amazonaws\.com(?:\.cn)?\/(\d{12})\/(.+)$/.exec(url) : null;
        const arn = m ? `arn:${p.partition}:sqs:${m[1]}:${m[2]}:${m[3]}` : undefined;
        into.addResourcePolicy(arn, p.accountId, ctx.resolvePolicy(block.policy, `${address}.policy`), true);
        return;
      }
      case "aws_lambda_permission": {
        const fn = value("function_name");
        const arn = fn === undefined ? undefined : fn.startsWith("arn:") ? fn : `arn:${p.partition}:lambda:${p.region}:${p.accountId}:function:${fn}`;
        const principal = value("principal") ?? "";
        const condition: Record<string, Record<string, string>> = {};
        const sourceArn = value("source_arn");
        const sourceAccount = value("source_account");
        if (sourceArn) condition.ArnLike = { "AWS:SourceArn": sourceArn };
        if (sourceAccount) condition.StringEquals = { "AWS:SourceAccount": sourceAccount };
        const statement: StatementJson = {
          Sid: value("statement_id") ?? logicalId,
          Effect: "Allow",
          Principal: principal.endsWith(".amazonaws.com") ? { Service: principal } : principal === "*" ? "*" : { AWS: principal },
          Action: value("action") ?? "lambda:InvokeFunction",
          Resource: arn ?? "unresolved",
          ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
        };
        into.addResourcePolicy(
          arn,
          p.accountId,
          {
            source: `${ctx.name}/${address}`,
            document: { Version: DEFAULT_POLICY_VERSION, Statement: [statement] },
            unknownSourceDocuments: [...findings.unknownSources],
            assumedSourceDocuments: [],
            unresolvedReferences: [...findings.unresolved],
          },
          false,
        );
        return;
      }
      default:
        return;
    }
  }
}
