import { Construct } from "constructs";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsAccount } from "../account/aws-account-provider";
import { PolicyDocument } from "../iam/policy-document";
import { PolicyStatement } from "../iam/policy-statement";

/**
 * A role's identity policy: one `aws_iam_role_policy` created on first use, whose statements are
 * collected until synthesis. Shared by {@link Role} and {@link ExistingRole}.
 */
export class InlinePolicy {
  private document?: PolicyDocument;
  private policy?: IamRolePolicy;
  constructor(
    private readonly scope: Construct,
    private readonly id: string,
    private readonly policyName: string,
    private readonly account: AwsAccount,
    private readonly roleName: () => string,
  ) {}

  public add(statement: PolicyStatement): void {
    if (!this.document) {
      this.document = new PolicyDocument(this.scope, `${this.id}-document`, { provider: this.account.provider });
      this.policy = new IamRolePolicy(this.scope, this.id, {
        provider: this.account.provider,
        name: this.policyName,
        role: this.roleName(),
        policy: this.document.json,
      });
    }
    this.document.addStatements(statement);
  }

  /** The `aws_iam_role_policy`, once a statement was added. */
  public get resource(): IamRolePolicy | undefined {
    return this.policy;
  }

  public get statements(): readonly PolicyStatement[] {
    return this.document?.statements ?? [];
  }
}

