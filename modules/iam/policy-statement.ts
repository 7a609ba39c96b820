import { ITerraformDependable } from "cdktf";
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { ValidationError, isUnresolved, validateAccountId } from "../private/validation";

/** Whether a statement allows or denies. */
export enum Effect {
  ALLOW = "Allow",
  DENY = "Deny",
}

/**
 * Something permissions can be granted to (after AWS CDK's `IGrantable`): a role, or a construct that
 * runs as one (an instance profile, a Lambda function) and exposes that role as its principal.
 */
export interface IGrantable {
  /** The principal grants name and add identity statements to. */
  readonly grantPrincipal: IPrincipal;
}

/** What {@link IPrincipal.addToPrincipalPolicy} did. */
export interface AddToPrincipalPolicyResult {
  /** Whether the statement was added: false for a principal without an identity policy here (a bare ARN, a service). */
  readonly statementAdded: boolean;
}

/**
 * A principal of a resource or trust policy (after AWS CDK's `IPrincipal`). Roles carry an identity
 * policy that grants add to; bare principals (an ARN, an account, a service) have none, so a grant to
 * them only writes the resource's side.
 */
export interface IPrincipal extends IGrantable {
  /** `AWS`, `Service`, `Federated`, or `*` for anyone. */
  readonly principalType: "AWS" | "Service" | "Federated" | "*";
  /** The principal identifiers (ARNs, account roots, service names). */
  readonly identifiers: string[];
  /**
   * The account the principal belongs to, when it is known at synth time. Grants compare it with the
   * resource's account; an unknown account counts as another account.
   * @default unknown
   */
  readonly accountId?: string;
  /** Adds a statement to the principal's identity policy, if it has one this stack writes. */
  addToPrincipalPolicy(statement: PolicyStatement): AddToPrincipalPolicyResult;
  /**
   * The resources that carry the principal's identity policy, for what must wait until a grant has
   * propagated (Databricks validating an instance profile, Lambda creating an event source mapping).
   */
  readonly principalPolicyDependables: ITerraformDependable[];
}

/** Base of the principals that have no identity policy here: grants to them write the resource's side only. */
abstract class PrincipalWithoutPolicy implements IPrincipal {
  public abstract readonly principalType: IPrincipal["principalType"];
  public abstract readonly identifiers: string[];
  public readonly principalPolicyDependables: ITerraformDependable[] = [];

  public get grantPrincipal(): IPrincipal {
    return this;
  }

  public addToPrincipalPolicy(_statement: PolicyStatement): AddToPrincipalPolicyResult {
    return { statementAdded: false };
  }
}

/** An IAM role, user or account root, by ARN. */
export class ArnPrincipal extends PrincipalWithoutPolicy {
  public readonly principalType = "AWS" as const;
  public readonly identifiers: string[];
  constructor(
    public readonly arn: string,
    public readonly accountId?: string,
  ) {
    super();
    this.identifiers = [arn];
  }
}

/** A whole AWS account (`arn:<partition>:iam::<account>:root`): any principal the account's admins allow. */
export class AccountRootPrincipal extends PrincipalWithoutPolicy {
  public readonly principalType = "AWS" as const;
  public readonly identifiers: string[];
  constructor(
    public readonly accountId: string,
    partition = "aws",
  ) {
    super();
    validateAccountId("AccountRootPrincipal.accountId", accountId);
    this.identifiers = [`arn:${partition}:iam::${accountId}:root`];
  }
}

/** An AWS service, e.g. `ec2.amazonaws.com`. */
export class ServicePrincipal extends PrincipalWithoutPolicy {
  public readonly principalType = "Service" as const;
  public readonly identifiers: string[];
  constructor(public readonly service: string) {
    super();
    if (!isUnresolved(service) && !/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(service)) {
      throw new ValidationError("ServicePrincipal.service", service, "must be a service principal like ec2.amazonaws.com");
    }
    this.identifiers = [service];
  }
}

/** A federated identity provider (SAML or OIDC) by ARN. */
export class FederatedPrincipal extends PrincipalWithoutPolicy {
  public readonly principalType = "Federated" as const;
  public readonly identifiers: string[];
  constructor(
    public readonly providerArn: string,
    public readonly accountId?: string,
  ) {
    super();
    this.identifiers = [providerArn];
  }
}

/**
 * Anyone. Only meant for `Deny` statements (e.g. deny non-TLS access to everyone); the security
 * aspect reports it in an `Allow` statement.
 */
export class AnyPrincipal extends PrincipalWithoutPolicy {
  public readonly principalType = "*" as const;
  public readonly identifiers = ["*"];
}

/** One condition of a statement: `test` operator, context key `variable`, accepted `values`. */
export interface Condition {
  /** The operator, e.g. `StringEquals`, `Bool`. */
  readonly test: string;
  /** The context key, e.g. `sts:ExternalId`, `aws:SecureTransport`. */
  readonly variable: string;
  /** The values the key is compared with. */
  readonly values: string[];
}

/** Props of {@link PolicyStatement}. */
export interface PolicyStatementProps {
  /**
   * Statement ID.
   * @default none
   */
  readonly sid?: string;
  /**
   * Allow or deny.
   * @default Effect.ALLOW
   */
  readonly effect?: Effect;
  /**
   * Actions, `service:Action` with optional `*` wildcards.
   * @default none (set `notActions` instead)
   */
  readonly actions?: string[];
  /**
   * Actions excluded from the statement.
   * @default none
   */
  readonly notActions?: string[];
  /**
   * Resource ARNs; leave empty in trust and resource policies.
   * @default none
   */
  readonly resources?: string[];
  /**
   * Principals; only in trust and resource policies.
   * @default none
   */
  readonly principals?: IPrincipal[];
  /**
   * Conditions.
   * @default none
   */
  readonly conditions?: Condition[];
}

const ACTION_PATTERN = /^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/;

/**
 * A typed IAM policy statement. Malformed actions throw when the statement is built; the statement
 * renders to an `aws_iam_policy_document` statement block, so Terraform checks and renders the JSON.
 */
export class PolicyStatement {
  public readonly sid?: string;
  public readonly effect: Effect;
  public readonly actions: readonly string[];
  public readonly notActions: readonly string[];
  public readonly resources: readonly string[];
  public readonly principals: readonly IPrincipal[];
  private readonly conditionList: Condition[];

  constructor(props: PolicyStatementProps) {
    this.sid = props.sid;
    this.effect = props.effect ?? Effect.ALLOW;
    this.actions = [...(props.actions ?? [])];
    this.notActions = [...(props.notActions ?? [])];
    this.resources = [...(props.resources ?? [])];
    this.principals = [...(props.principals ?? [])];
    this.conditionList = [...(props.conditions ?? [])];
    for (const action of [...this.actions, ...this.notActions]) {
      if (!isUnresolved(action) && !ACTION_PATTERN.test(action)) {
        throw new ValidationError("PolicyStatement.actions", action, "must be '*' or 'service:Action' (wildcards * and ? allowed)");
      }
    }
    if (this.actions.length === 0 && this.notActions.length === 0) {
      throw new ValidationError("PolicyStatement.actions", [], "must name at least one action (or notAction)");
    }
    if (this.sid !== undefined && !/^[A-Za-z0-9]*$/.test(this.sid)) {
      throw new ValidationError("PolicyStatement.sid", this.sid, "must contain only letters and digits");
    }
  }

  /** The conditions added so far. */
  public get conditions(): readonly Condition[] {
    return this.conditionList;
  }

  /** Adds a condition (returns this statement, for chaining). */
  public addCondition(test: string, variable: string, values: string[]): this {
    this.conditionList.push({ test, variable, values });
    return this;
  }

  /** The `aws_iam_policy_document` statement block for this statement. */
  public toStatementConfig(): DataAwsIamPolicyDocumentStatement {
    // Group principals by type: the data source takes one block per type.
    const byType = new Map<string, string[]>();
    for (const p of this.principals) {
      byType.set(p.principalType, [...(byType.get(p.principalType) ?? []), ...p.identifiers]);
    }
    return {
      sid: this.sid,
      effect: this.effect,
      actions: this.actions.length > 0 ? [...this.actions] : undefined,
      notActions: this.notActions.length > 0 ? [...this.notActions] : undefined,
      resources: this.resources.length > 0 ? [...this.resources] : undefined,
      principals:
        byType.size > 0 ? [...byType.entries()].map(([type, identifiers]) => ({ type, identifiers })) : undefined,
      condition:
        this.conditionList.length > 0
          ? this.conditionList.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] }))
          : undefined,
    };
  }
}
