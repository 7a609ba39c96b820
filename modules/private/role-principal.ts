import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { AwsAccount } from "../account/aws-account-provider";
import { AddToPrincipalPolicyResult, IPrincipal, PolicyStatement } from "../iam/policy-statement";
import { InlinePolicy } from "./inline-policy";

/** What Role and ExistingRole share as principals: the role ARN, its account, one inline policy. */
export abstract class RolePrincipal extends Construct implements IPrincipal {
  public abstract readonly account: AwsAccount;
  public abstract readonly roleArn: string;
  public abstract readonly principalPolicyDependables: ITerraformDependable[];
  public readonly principalType = "AWS" as const;
  protected abstract readonly inlinePolicy: InlinePolicy;

  /** The role itself: grants name it and write its identity policy. */
  public get grantPrincipal(): IPrincipal {
    return this;
  }

  /** The role ARN, as resource and trust policies name it. */
  public get identifiers(): string[] {
    return [this.roleArn];
  }

  /** The role's account. */
  public get accountId(): string {
    return this.account.accountId;
  }

  public addToPrincipalPolicy(statement: PolicyStatement): AddToPrincipalPolicyResult {
    this.inlinePolicy.add(statement);
    return { statementAdded: true };
  }
}
