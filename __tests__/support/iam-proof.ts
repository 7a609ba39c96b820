/**
 * Access proofs over an {@link IamModel}, evaluated with `@cloud-copilot/iam-simulate` (AGPL;
 * a devDependency used only here, in test support).
 *
 * - {@link isAllowed}: may this principal do this action on this resource? Identity policies of the
 *   principal + the resource's policy, with AWS's same-account / cross-account rules (cross-account
 *   needs both sides).
 * - {@link canAssumeRole}: may this caller (role, service principal, SAML/OIDC provider) assume
 *   this role? The caller's identity policy (for IAM callers) and the target's trust policy.
 * - {@link proveChain}: a sequence of both, each step's caller defaulting to the previous step's
 *   role, with a readable report.
 * - {@link expectAllowed} / {@link expectDenied}: assertions that fail with that report, and fail
 *   too when the decision rests on documents unknown before apply that the test did not
 *   acknowledge.
 *
 * Every request carries `aws:SecureTransport=true` and the principal/resource context keys AWS
 * would set (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`,
 * `aws:ResourceAccount`, `aws:RequestedRegion` when known); `context` adds or overrides keys, and a
 * key set to `undefined` is removed.
 *
 * Not modelled: SCPs/RCPs unless passed in {@link ProofOptions}, VPC endpoint policies, S3 ACLs
 * and access points, KMS grants, `iam:PassRole` semantics beyond the policy check, and anything in
 * documents unknown before apply (reported, never guessed).
 */
import { runSimulation, type Simulation, type SimulationOrgPolicies } from "@cloud-copilot/iam-simulate";
import {
  IamModel,
  PolicyJson,
  RenderedPolicy,
  RoleModel,
  StatementJson,
  accountOfResource,
  resourcePolicyOwnerArn,
} from "./iam-model";

/** What AWS decides. */
export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

/** Request context keys; `undefined` removes a default key. */
export type ContextInput = Readonly<Record<string, string | string[] | undefined>>;

/** Guardrails the model does not contain (organizations are not in our stacks). */
export interface ProofOptions {
  /**
   * Service control policies, root OU first (passed to iam-simulate as they are).
   * @default none (no organization)
   */
  readonly serviceControlPolicies?: SimulationOrgPolicies[];
  /**
   * Resource control policies (the default RCPFullAWSAccess is implicit).
   * @default none
   */
  readonly resourceControlPolicies?: SimulationOrgPolicies[];
}

/** A request for {@link isAllowed}. */
export interface AccessRequest {
  /**
   * Who makes the request: a role ARN (from the model or not), an assumed-role session ARN, any
   * IAM ARN, or a service principal such as `lambda.amazonaws.com`.
   */
  readonly principalArn: string;
  /** The action, e.g. `s3:GetObject`. */
  readonly action: string;
  /** The resource ARN, e.g. `arn:aws:s3:::bucket/key`. */
  readonly resourceArn: string;
  /**
   * Context keys to add or override (`{ "aws:SecureTransport": "false" }`); `undefined` removes one.
   * @default only the defaults
   */
  readonly context?: ContextInput;
  /**
   * The account owning the resource, when neither the model nor the ARN tells (S3 buckets no stack creates).
   * @default from the model or the ARN; an error if neither tells
   */
  readonly resourceAccount?: string;
  /**
   * Make the request as the session `arn:<p>:sts::<acct>:assumed-role/<role>/<sessionName>` of a role principal.
   * @default the role ARN itself is the caller
   */
  readonly sessionName?: string;
  /**
   * A session policy passed at AssumeRole time.
   * @default none
   */
  readonly sessionPolicy?: PolicyJson;
}

/** A request for {@link canAssumeRole}. */
export interface AssumeRoleRequest {
  /**
   * The caller: a role ARN, an assumed-role session ARN, a service principal (`ec2.amazonaws.com`),
   * or a SAML / OIDC provider ARN.
   */
  readonly principal: string;
  /** The role to assume. */
  readonly roleArn: string;
  /**
   * The external ID the caller presents (`sts:ExternalId`).
   * @default none
   */
  readonly externalId?: string;
  /**
   * The STS action.
   * @default `sts:AssumeRoleWithSAML` for a saml-provider, `sts:AssumeRoleWithWebIdentity` for an oidc-provider, else `sts:AssumeRole`
   */
  readonly action?: string;
  /**
   * Context keys to add or override (e.g. `{ "SAML:aud": "https://signin.aws.amazon.com/saml" }`).
   * @default only the defaults
   */
  readonly context?: ContextInput;
  /**
   * Session name of a role caller (see {@link AccessRequest.sessionName}).
   * @default the role ARN itself is the caller
   */
  readonly sessionName?: string;
}

/** One decision, with everything needed to explain it. */
export interface AccessDecision {
  /** The request as simulated. */
  readonly request: {
    readonly principal: string;
    readonly action: string;
    readonly resourceArn: string;
    readonly principalAccount?: string;
    readonly resourceAccount: string;
    readonly context: Readonly<Record<string, string | string[]>>;
  };
  /** What AWS decides for the policies in the model (identity + resource policy, AWS's rules). */
  readonly decision: Decision;
  /** The identity side alone; `NotEvaluated` for service and federated callers, which have none. */
  readonly identityDecision: Decision | "NotEvaluated";
  /** The resource-policy (or trust-policy) side, as iam-simulate reports it; `NoPolicy` when there is none. */
  readonly resourcePolicyDecision: string;
  /** Whether caller and resource are in the same account. */
  readonly sameAccount: boolean;
  /** The statements that allowed, as readable lines. */
  readonly allowedBy: readonly string[];
  /** The statements that explicitly denied, as readable lines. */
  readonly deniedBy: readonly string[];
  /**
   * Documents that took part but are unknown before apply (e.g. `app/data.databricks_aws_bucket_policy.x`),
   * and attached managed policies the model does not know. The decision covers the known statements only.
   */
  readonly unknownDocuments: readonly string[];
  /** Caller-supplied stand-ins that took part (see `ModelOptions.assumedDocuments`). */
  readonly assumedDocuments: readonly string[];
  /** Terraform expressions the model could not resolve in the policies that took part. */
  readonly unresolvedReferences: readonly string[];
  /** Other limits of this decision (principal or resource not in the model, assumed account...). */
  readonly caveats: readonly string[];
  /** True when nothing unknown, unresolved or assumed took part. */
  readonly complete: boolean;
  /** A multi-line human-readable explanation. */
  readonly explanation: string;
}

/** A decision of {@link canAssumeRole}. */
export interface AssumeRoleDecision extends AccessDecision {
  /** Whether the caller's identity policy must allow the call (IAM callers; not services or IdPs). */
  readonly identityRequired: boolean;
  /**
   * The strict check: AWS allows, the trust policy allows the caller, and (when required) the
   * caller's own identity policy allows `sts:AssumeRole` on the role. AWS alone lets a same-account
   * trust policy that names the caller's ARN suffice; our grants always write both sides.
   */
  readonly allowedByBothSides: boolean;
}

/** One step of {@link proveChain}: assume a role. */
export interface AssumeRoleStep {
  /** The role to assume. */
  readonly assumeRole: string;
  /**
   * The caller.
   * @default the role assumed by the previous step
   */
  readonly principal?: string;
  /** @default none */
  readonly externalId?: string;
  /** @default see {@link AssumeRoleRequest.action} */
  readonly action?: string;
  /** @default only the defaults */
  readonly context?: ContextInput;
  /** @default the role ARN is the caller */
  readonly sessionName?: string;
}

/** One step of {@link proveChain}: act on a resource. */
export interface AccessStep {
  /** The action. */
  readonly action: string;
  /** The resource ARN. */
  readonly resourceArn: string;
  /**
   * The caller.
   * @default the role assumed by the previous step
   */
  readonly principalArn?: string;
  /** @default only the defaults */
  readonly context?: ContextInput;
  /** @default from the model or the ARN */
  readonly resourceAccount?: string;
  /** @default the role ARN is the caller */
  readonly sessionName?: string;
}

/** A step of a chain. */
export type ChainStep = AssumeRoleStep | AccessStep;

/** The result of one chain step. */
export interface StepProof {
  /** 1-based position. */
  readonly index: number;
  readonly step: ChainStep;
  readonly result: AccessDecision | AssumeRoleDecision;
  /** Allowed (for an assume step: {@link AssumeRoleDecision.allowedByBothSides}). */
  readonly allowed: boolean;
}

/** The result of {@link proveChain}. */
export interface ChainProof {
  readonly steps: readonly StepProof[];
  /** Every step allowed. */
  readonly allowed: boolean;
  /** Every unknown document any step depended on. */
  readonly unknownDocuments: readonly string[];
  /** Every stand-in document any step depended on. */
  readonly assumedDocuments: readonly string[];
  /** A readable report, one block per step. */
  readonly report: string;
}

/** Options of {@link expectAllowed} / {@link expectDenied}. */
export interface ExpectOptions {
  /**
   * Unknown documents the test acknowledges, matched as substrings of {@link AccessDecision.unknownDocuments}
   * (e.g. `"databricks_aws_crossaccount_policy"`). Every unknown document must be acknowledged and
   * every acknowledgement must match one, so the assertion fails if an unknown appears or goes away.
   * @default none: the decision must be complete
   */
  readonly unknownDocuments?: readonly string[];
  /**
   * Stand-in documents (`ModelOptions.assumedDocuments`) the test acknowledges, matched the same way
   * against {@link AccessDecision.assumedDocuments}.
   * @default none: no stand-in may take part
   */
  readonly assumedDocuments?: readonly string[];
}

/* ------------------------------------------------------------------------------------------ */
/* Evaluation                                                                                   */
/* ------------------------------------------------------------------------------------------ */

const ROLE_ARN = /^arn:([\w-]+):iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;
const SESSION_ARN = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/(.+)$/;
const IAM_ARN = /^arn:([\w-]+):iam::(\d{12}):(.+)$/;
const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/;
const FEDERATED = /^arn:[\w-]+:iam::\d{12}:(saml-provider|oidc-provider)\//;

/** What the model knows about a caller. */
interface Caller {
  /** The principal string given to the simulator. */
  readonly simulated: string;
  readonly kind: "role" | "iam" | "service" | "federated";
  readonly accountId?: string;
  readonly partition: string;
  readonly role?: RoleModel;
  readonly roleArn?: string;
}

function callerOf(model: IamModel, principal: string, sessionName: string | undefined, caveats: string[]): Caller {
  if (SERVICE_PRINCIPAL.test(principal)) return { simulated: principal, kind: "service", partition: "aws" };
  if (FEDERATED.test(principal)) {
    const [, partition, accountId] = IAM_ARN.exec(principal)!;
    return { simulated: principal, kind: "federated", accountId, partition };
  }
  const session = SESSION_ARN.exec(principal);
  const role = ROLE_ARN.exec(principal);
  if (session || role) {
    const [, partition, accountId, name] = (session ?? role)!;
    const model_role = model.roles.get(principal) ?? [...model.roles.values()].find((r) => r.accountId === accountId && r.name === name);
    if (!model_role) caveats.push(`caller ${principal} is not a role in the model: it has no identity policies here`);
    const roleArn = model_role?.arn ?? (role ? principal : `arn:${partition}:iam::${accountId}:role/${name}`);
    const simulated = session ? principal : sessionName ? `arn:${partition}:sts::${accountId}:assumed-role/${name}/${sessionName}` : roleArn;
    return { simulated, kind: "role", accountId, partition, role: model_role, roleArn };
  }
  const iam = IAM_ARN.exec(principal);
  if (iam) {
    caveats.push(`caller ${principal} is not a role: the model holds no identity policies for it`);
    return { simulated: principal, kind: "iam", accountId: iam[2], partition: iam[1] };
  }
  throw new Error(`iam-proof: cannot tell what kind of principal "${principal}" is (role/session/IAM ARN, service principal, or SAML/OIDC provider ARN)`);
}

/** Collects what took part in a decision. */
class Participation {
  public readonly unknown = new Set<string>();
  public readonly assumed = new Set<string>();
  public readonly unresolved = new Set<string>();

  public add(policy: RenderedPolicy): PolicyJson {
    policy.unknownSourceDocuments.forEach((u) => this.unknown.add(u));
    policy.assumedSourceDocuments.forEach((a) => this.assumed.add(a));
    policy.unresolvedReferences.forEach((u) => this.unresolved.add(`${policy.source}: ${u}`));
    return policy.document;
  }
}

/** A trust policy that matches no caller, for roles whose trust is unknown (never "no policy": that would mean "trust the account"). */
const TRUSTS_NOBODY: PolicyJson = {
  Version: "2012-10-17",
  Statement: [{ Sid: "UnknownTrustPolicy", Effect: "Allow", Principal: { AWS: "arn:aws:iam::000000000000:root" }, Action: "sts:AssumeRole" }],
};

function describeStatement(policyId: string, statement: StatementJson & Record<string, unknown>, index: number): string {
  const list = (v: unknown) => (Array.isArray(v) ? v.join(", ") : String(v));
  const parts = [`${policyId} #${index}${statement.Sid ? ` (${statement.Sid})` : ""}: ${statement.Effect}`];
  if (statement.Action) parts.push(list(statement.Action));
  if (statement.NotAction) parts.push(`all but ${list(statement.NotAction)}`);
  if (statement.Resource) parts.push(`on ${list(statement.Resource)}`);
  if (statement.NotResource) parts.push(`on all but ${list(statement.NotResource)}`);
  if (statement.Principal) parts.push(`for ${JSON.stringify(statement.Principal)}`);
  if (statement.Condition) parts.push(`if ${JSON.stringify(statement.Condition)}`);
  return parts.join(" ");
}

function statementLines(analyses: ReadonlyArray<{ policyId: string; statement: { toJSON(): any; index(): number } }> | undefined, label: (id: string) => string): string[] {
  return (analyses ?? []).map((a) => describeStatement(label(a.policyId), a.statement.toJSON(), a.statement.index()));
}

interface Evaluation {
  readonly caller: Caller;
  readonly action: string;
  readonly resourceArn: string;
  readonly context?: ContextInput;
  readonly resourceAccount?: string;
  readonly sessionPolicy?: PolicyJson;
  /** The resource policy to use instead of the model's (trust policies). */
  readonly resourcePolicyOverride?: { label: string; policy: PolicyJson };
  readonly participation: Participation;
  readonly caveats: string[];
}

async function evaluate(model: IamModel, e: Evaluation, options: ProofOptions): Promise<AccessDecision> {
  const { caller, participation, caveats } = e;

  // Identity side.
  const identityPolicies: Array<{ name: string; policy: PolicyJson }> = [];
  const emptyIdentityPolicies: string[] = [];
  let permissionBoundaryPolicies: Array<{ name: string; policy: PolicyJson }> | undefined;
  if (caller.role) {
    for (const attached of [...caller.role.inlinePolicies, ...caller.role.managedPolicies]) {
      const document = participation.add(attached.policy);
      if (document.Statement.length > 0) identityPolicies.push({ name: attached.name, policy: document });
      else emptyIdentityPolicies.push(`${attached.name} (no known statements)`);
    }
    caller.role.unknownManagedPolicyArns.forEach((arn) => participation.unknown.add(`managed policy ${arn} (document not supplied)`));
    if (caller.role.permissionsBoundaryArn) {
      const boundary = model.managedPolicies.get(caller.role.permissionsBoundaryArn);
      const supplied =
        model.knownAwsManagedPolicies.get(caller.role.permissionsBoundaryArn) ?? model.knownAwsManagedPolicies.get(caller.role.permissionsBoundaryArn.split("/").pop()!);
      if (boundary) permissionBoundaryPolicies = [{ name: `boundary:${boundary.arn}`, policy: participation.add(boundary.policy) }];
      else if (supplied) permissionBoundaryPolicies = [{ name: `boundary:${caller.role.permissionsBoundaryArn}`, policy: supplied }];
      else participation.unknown.add(`permissions boundary ${caller.role.permissionsBoundaryArn} (document not supplied)`);
    }
  }

  // Resource side.
  const ownerArn = resourcePolicyOwnerArn(e.resourceArn);
  let resourcePolicy: PolicyJson | undefined;
  let resourceLabel = "resource policy";
  if (e.resourcePolicyOverride) {
    resourcePolicy = e.resourcePolicyOverride.policy;
    resourceLabel = e.resourcePolicyOverride.label;
  } else {
    const attached = model.resourcePolicies.get(ownerArn);
    if (attached) {
      attached.policies.forEach((p) => participation.add(p));
      resourceLabel = `resource policy of ${ownerArn} (${attached.policies.map((p) => p.source).join(", ")})`;
      if (attached.document.Statement.length > 0) resourcePolicy = attached.document;
    } else if (!model.resources.some((r) => r.arn === ownerArn)) {
      caveats.push(`${ownerArn} is not a resource of the model: any resource policy it has is unknown (none simulated)`);
    }
  }

  // Guessing the account would decide same- vs cross-account, so an unknown one is an error.
  // "*" (wildcard-only actions such as cloudwatch:PutMetricData) is evaluated in the caller's account.
  const resourceAccount = e.resourceAccount ?? (e.resourceArn === "*" ? caller.accountId : accountOfResource(model, e.resourceArn));
  if (resourceAccount === undefined) {
    throw new Error(`iam-proof: the account owning ${e.resourceArn} is neither in the model nor in the ARN; pass resourceAccount`);
  }

  // Context: what AWS would set, then the caller's additions.
  const context: Record<string, string | string[]> = { "aws:SecureTransport": "true", "aws:ResourceAccount": resourceAccount };
  // Global IAM/STS ARNs carry no region; S3 ARNs don't either, but the model knows the bucket's.
  const service = e.resourceArn.split(":")[2];
  const region = e.resourceArn.split(":")[3] || (service === "iam" || service === "sts" ? undefined : model.resources.find((r) => r.arn === ownerArn)?.region);
  if (region) context["aws:RequestedRegion"] = region;
  if (caller.kind === "role" || caller.kind === "iam") {
    context["aws:PrincipalArn"] = caller.roleArn ?? caller.simulated;
    context["aws:PrincipalAccount"] = caller.accountId!;
    context["aws:PrincipalType"] = caller.kind === "role" ? "AssumedRole" : caller.simulated.includes(":user/") ? "User" : "Account";
  }
  if (caller.kind === "service") context["aws:PrincipalServiceName"] = caller.simulated;
  for (const [key, value] of Object.entries(e.context ?? {})) {
    if (value === undefined) delete context[key];
    else context[key] = value;
  }

  const simulation: Simulation = {
    request: { principal: caller.simulated, action: e.action, resource: { resource: e.resourceArn, accountId: resourceAccount }, contextVariables: context },
    identityPolicies,
    serviceControlPolicies: options.serviceControlPolicies ?? [],
    resourceControlPolicies: options.resourceControlPolicies ?? [],
    resourcePolicy,
    sessionPolicy: e.sessionPolicy,
    permissionBoundaryPolicies,
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === "error") {
    throw new Error(`iam-proof: iam-simulate rejected the request ${caller.simulated} ${e.action} ${e.resourceArn}: ${JSON.stringify(response.errors, null, 2)}`);
  }
  const single = response.resultType === "single" ? response.result : response.results[0];
  const analysis = single?.analysis;
  if (single?.ignoredContextKeys && single.ignoredContextKeys.length > 0) {
    const given = Object.keys(e.context ?? {});
    const ignored = single.ignoredContextKeys.filter((k) => given.includes(k));
    if (ignored.length > 0) caveats.push(`context keys not applicable to ${e.action} were ignored: ${ignored.join(", ")}`);
  }

  const decision = response.overallResult as Decision;
  const identityDecision: Decision | "NotEvaluated" = caller.kind === "service" || caller.kind === "federated" ? "NotEvaluated" : (analysis?.identityAnalysis?.result ?? "ImplicitlyDenied");
  const resourcePolicyDecision = resourcePolicy ? (analysis?.resourceAnalysis?.result ?? "NotApplicable") : "NoPolicy";
  const label = (id: string) => (identityPolicies.some((p) => p.name === id) ? id : resourceLabel);
  const allowedBy = [
    ...statementLines(analysis?.identityAnalysis?.allowStatements, label),
    ...statementLines(analysis?.resourceAnalysis?.allowStatements, () => resourceLabel),
  ];
  const deniedBy = [
    ...statementLines(analysis?.identityAnalysis?.denyStatements, label),
    ...statementLines(analysis?.resourceAnalysis?.denyStatements, () => resourceLabel),
    ...statementLines(analysis?.permissionBoundaryAnalysis?.denyStatements, (id) => id),
  ];
  const blockedBy = analysis?.blockedBy ?? [];
  const sameAccount = caller.accountId === resourceAccount;
  const unknownDocuments = [...participation.unknown].sort();
  const assumedDocuments = [...participation.assumed].sort();
  const unresolvedReferences = [...participation.unresolved].sort();

  const lines = [
    `${caller.simulated} -> ${e.action} on ${e.resourceArn}: ${decision}`,
    caller.kind === "service"
      ? `  accounts: service principal -> ${resourceAccount} (the resource or trust policy must allow the service)`
      : `  accounts: ${caller.accountId} -> ${resourceAccount} (${sameAccount ? "same account" : "cross-account: identity AND resource policy must allow"})`,
    `  identity: ${identityDecision}${
      caller.kind === "role" || caller.kind === "iam"
        ? ` [${[...identityPolicies.map((p) => p.name), ...emptyIdentityPolicies, ...(caller.role?.unknownManagedPolicyArns ?? []).map((a) => `managed:${a} (not supplied)`)].join(", ") || "no identity policies"}]`
        : ""
    }`,
    `  ${resourceLabel}: ${resourcePolicyDecision}`,
    ...allowedBy.map((l) => `  allowed by ${l}`),
    ...deniedBy.map((l) => `  denied by ${l}`),
    ...(blockedBy.length > 0 ? [`  allowed by the core policies but blocked by: ${blockedBy.join(", ")}`] : []),
    ...(decision !== "Allowed" && allowedBy.length === 0 && deniedBy.length === 0 ? [`  no statement allows ${e.action} on ${e.resourceArn} for this caller`] : []),
    ...unknownDocuments.map((u) => `  UNKNOWN before apply (not evaluated): ${u}`),
    ...assumedDocuments.map((a) => `  assumed content (stand-in): ${a}`),
    ...unresolvedReferences.map((u) => `  unresolved reference: ${u}`),
    ...caveats.map((c) => `  caveat: ${c}`),
    `  context: ${JSON.stringify(context)}`,
  ];

  return {
    request: { principal: caller.simulated, action: e.action, resourceArn: e.resourceArn, principalAccount: caller.accountId, resourceAccount, context },
    decision,
    identityDecision,
    resourcePolicyDecision,
    sameAccount,
    allowedBy,
    deniedBy,
    unknownDocuments,
    assumedDocuments,
    unresolvedReferences,
    caveats: [...caveats],
    complete: unknownDocuments.length === 0 && assumedDocuments.length === 0 && unresolvedReferences.length === 0 && caveats.length === 0,
    explanation: lines.join("\n"),
  };
}

/**
 * May `principalArn` perform `action` on `resourceArn`? Evaluates the principal's identity policies
 * (inline, attached, boundary) and the resource's policy (bucket, key, stream, function...) with
 * AWS's rules: within one account either side may allow; across accounts both must; an explicit
 * Deny anywhere wins. For `sts:AssumeRole*` on a role use {@link canAssumeRole}.
 */
export async function isAllowed(model: IamModel, request: AccessRequest, options: ProofOptions = {}): Promise<AccessDecision> {
  const caveats: string[] = [];
  const caller = callerOf(model, request.principalArn, request.sessionName, caveats);
  const participation = new Participation();
  let resourcePolicyOverride: Evaluation["resourcePolicyOverride"];
  if (/^sts:AssumeRole/i.test(request.action) && ROLE_ARN.test(request.resourceArn)) {
    resourcePolicyOverride = trustPolicyFor(model, request.resourceArn, participation, caveats);
  }
  return evaluate(model, { caller, action: request.action, resourceArn: request.resourceArn, context: request.context, resourceAccount: request.resourceAccount, sessionPolicy: request.sessionPolicy, resourcePolicyOverride, participation, caveats }, options);
}

function trustPolicyFor(model: IamModel, roleArn: string, participation: Participation, caveats: string[]): { label: string; policy: PolicyJson } {
  const role = model.roles.get(roleArn);
  if (!role?.trustPolicy) {
    caveats.push(`role ${roleArn} is not created by a stack of the model: its trust policy is unknown (treated as trusting nobody)`);
    return { label: `trust policy of ${roleArn} (unknown)`, policy: TRUSTS_NOBODY };
  }
  const document = participation.add(role.trustPolicy);
  return {
    label: `trust policy of ${roleArn} (${role.trustPolicy.source})`,
    policy: document.Statement.length > 0 ? document : TRUSTS_NOBODY,
  };
}

/**
 * May `principal` assume `roleArn`? The trust policy of the role must allow the caller (with
 * `sts:ExternalId`, `aws:PrincipalArn`, `aws:PrincipalAccount`, `SAML:aud`... as given), and an
 * IAM caller's own identity policy must allow the STS action on the role ({@link AssumeRoleDecision.allowedByBothSides});
 * services and identity providers have no identity policy.
 */
export async function canAssumeRole(model: IamModel, request: AssumeRoleRequest, options: ProofOptions = {}): Promise<AssumeRoleDecision> {
  const caveats: string[] = [];
  const caller = callerOf(model, request.principal, request.sessionName, caveats);
  const participation = new Participation();
  const action =
    request.action ??
    (request.principal.includes(":saml-provider/") ? "sts:AssumeRoleWithSAML" : request.principal.includes(":oidc-provider/") ? "sts:AssumeRoleWithWebIdentity" : "sts:AssumeRole");
  if (!ROLE_ARN.test(request.roleArn)) throw new Error(`iam-proof: ${request.roleArn} is not a role ARN`);
  const context: Record<string, string | string[] | undefined> = { ...(request.externalId !== undefined ? { "sts:ExternalId": request.externalId } : {}), ...(request.context ?? {}) };
  const decision = await evaluate(
    model,
    { caller, action, resourceArn: request.roleArn, context, resourcePolicyOverride: trustPolicyFor(model, request.roleArn, participation, caveats), participation, caveats },
    options,
  );
  const identityRequired = caller.kind === "role" || caller.kind === "iam";
  const trustAllows = decision.resourcePolicyDecision === "Allowed" || decision.resourcePolicyDecision === "AllowedForAccount";
  const allowedByBothSides = decision.decision === "Allowed" && trustAllows && (!identityRequired || decision.identityDecision === "Allowed");
  const note =
    decision.decision === "Allowed" && !allowedByBothSides
      ? `\n  NOTE: AWS allows this on the trust policy alone (same account, caller named by ARN); the caller's identity policy does not allow ${action}`
      : "";
  return { ...decision, identityRequired, allowedByBothSides, explanation: decision.explanation + note };
}

function isAssumeStep(step: ChainStep): step is AssumeRoleStep {
  return "assumeRole" in step;
}

/**
 * Evaluates a chain of steps, e.g. EC2 -> role A -> role B -> s3:GetObject. A step without a
 * caller acts as the role the previous step assumed. Every step is evaluated (a failing step
 * does not hide the later ones); the chain is allowed when every step is.
 */
export async function proveChain(model: IamModel, steps: readonly ChainStep[], options: ProofOptions = {}): Promise<ChainProof> {
  // An empty chain would be "allowed" by proofs.every() below without proving anything.
  if (steps.length === 0) throw new Error("iam-proof: a chain needs at least one step");
  const proofs: StepProof[] = [];
  let current: string | undefined;
  for (const [i, step] of steps.entries()) {
    if (isAssumeStep(step)) {
      const principal = step.principal ?? current;
      if (!principal) throw new Error(`iam-proof: step ${i + 1} has no principal and no previous role to act as`);
      const result = await canAssumeRole(
        model,
        { principal, roleArn: step.assumeRole, externalId: step.externalId, action: step.action, context: step.context, sessionName: step.sessionName },
        options,
      );
      proofs.push({ index: i + 1, step, result, allowed: result.allowedByBothSides });
      current = step.assumeRole;
    } else {
      const principalArn = step.principalArn ?? current;
      if (!principalArn) throw new Error(`iam-proof: step ${i + 1} has no principalArn and no previous role to act as`);
      const result = await isAllowed(
        model,
        { principalArn, action: step.action, resourceArn: step.resourceArn, context: step.context, resourceAccount: step.resourceAccount, sessionName: step.sessionName },
        options,
      );
      proofs.push({ index: i + 1, step, result, allowed: result.decision === "Allowed" });
    }
  }
  const allowed = proofs.every((p) => p.allowed);
  const unknownDocuments = [...new Set(proofs.flatMap((p) => p.result.unknownDocuments))].sort();
  const assumedDocuments = [...new Set(proofs.flatMap((p) => p.result.assumedDocuments))].sort();
  const report = [
    `chain of ${proofs.length} steps: ${allowed ? "ALLOWED" : "NOT ALLOWED"}`,
    ...proofs.map((p) => `[${p.index}] ${p.allowed ? "ok  " : "FAIL"} ${p.result.explanation.replace(/\n/g, "\n       ")}`),
  ].join("\n");
  return { steps: proofs, allowed, unknownDocuments, assumedDocuments, report };
}

/* ------------------------------------------------------------------------------------------ */
/* Assertions                                                                                   */
/* ------------------------------------------------------------------------------------------ */

function checkAcknowledged(kind: string, present: readonly string[], acknowledged: readonly string[], report: string): void {
  const unacknowledged = present.filter((u) => !acknowledged.some((a) => u.includes(a)));
  const stale = acknowledged.filter((a) => !present.some((u) => u.includes(a)));
  if (unacknowledged.length > 0 || stale.length > 0) {
    throw new Error(
      [
        unacknowledged.length > 0 ? `the decision depends on ${kind} that the test does not acknowledge: ${unacknowledged.join(", ")}` : "",
        stale.length > 0 ? `acknowledged ${kind} that took no part: ${stale.join(", ")}` : "",
        report,
      ]
        .filter(Boolean)
        .join("\n"),
    );
  }
}

function checkUnknown(result: { unknownDocuments: readonly string[]; assumedDocuments: readonly string[] }, options: ExpectOptions, report: string): void {
  checkAcknowledged("documents unknown before apply", result.unknownDocuments, options.unknownDocuments ?? [], report);
  checkAcknowledged("stand-in documents", result.assumedDocuments, options.assumedDocuments ?? [], report);
}

/** Fails (with the explanation) unless the decision, assume step or whole chain is allowed. */
export function expectAllowed(result: AccessDecision | AssumeRoleDecision | ChainProof, options: ExpectOptions = {}): void {
  if ("steps" in result) {
    if (!result.allowed) throw new Error(`expected the chain to be allowed\n${result.report}`);
    checkUnknown(result, options, result.report);
    return;
  }
  const allowed = "allowedByBothSides" in result ? result.allowedByBothSides : result.decision === "Allowed";
  if (!allowed) throw new Error(`expected Allowed${"allowedByBothSides" in result ? " by both the caller's identity policy and the trust policy" : ""}\n${result.explanation}`);
  checkUnknown(result, options, result.explanation);
}

/**
 * Fails (with the explanation) unless AWS denies the request; with `kind`, unless it denies it
 * that way (`ExplicitlyDenied`: a Deny statement matched; `ImplicitlyDenied`: nothing allowed).
 */
export function expectDenied(result: AccessDecision, kind?: Exclude<Decision, "Allowed">, options: ExpectOptions = {}): void {
  if (result.decision === "Allowed" || (kind !== undefined && result.decision !== kind)) {
    throw new Error(`expected ${kind ?? "a denial"}, got ${result.decision}\n${result.explanation}`);
  }
  checkUnknown(result, options, result.explanation);
}
