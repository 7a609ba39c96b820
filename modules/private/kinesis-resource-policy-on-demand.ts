import { Construct } from "constructs";
import { KinesisResourcePolicy } from "@cdktf/provider-aws/lib/kinesis-resource-policy";
import { AwsAccount } from "../account/aws-account-provider";
import { PolicyDocument } from "../iam/policy-document";
import { PolicyStatement } from "../iam/policy-statement";

/**
 * A stream's or consumer's `aws_kinesis_resource_policy`, created on the first statement added, so a
 * stream nobody outside its account reads has none. Shared by DataStream and StreamConsumer.
 */
export class KinesisResourcePolicyOnDemand {
  private policyDocument?: PolicyDocument;
  private policyResource?: KinesisResourcePolicy;

  /** `owner` is read on first use, so it may be passed before its fields are set. */
  constructor(
    private readonly owner: Construct & { readonly account: AwsAccount },
    private readonly resourceArn: () => string,
  ) {}

  /** The policy document, once a statement was added. */
  public get document(): PolicyDocument | undefined {
    return this.policyDocument;
  }

  /** The `aws_kinesis_resource_policy`, once a statement was added. */
  public get resource(): KinesisResourcePolicy | undefined {
    return this.policyResource;
  }

  public add(statement: PolicyStatement): void {
    if (!this.policyDocument) {
      this.policyDocument = new PolicyDocument(this.owner, "resource-policy-document", { provider: this.owner.account.provider });
      this.policyResource = new KinesisResourcePolicy(this.owner, "resource-policy", {
        provider: this.owner.account.provider,
        resourceArn: this.resourceArn(),
        policy: this.policyDocument.json,
      });
    }
    this.policyDocument.addStatements(statement);
  }
}
