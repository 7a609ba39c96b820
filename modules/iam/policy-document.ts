import { Construct } from "constructs";
import { Lazy, TerraformProvider } from "cdktf";
import {
  DataAwsIamPolicyDocument,
  dataAwsIamPolicyDocumentStatementToTerraform,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { PolicyStatement } from "./policy-statement";

/** Props of {@link PolicyDocument}. */
export interface PolicyDocumentProps {
  /**
   * Statements to start with; more can be added with {@link PolicyDocument.addStatements}.
   * @default none
   */
  readonly statements?: PolicyStatement[];
  /**
   * Policy JSON documents merged under these statements (e.g. a `databricks_aws_bucket_policy`).
   * Statements with the same `sid` here override those of the source documents.
   * @default none
   */
  readonly sourcePolicyDocuments?: string[];
  /**
   * The provider that evaluates the data source (it makes no API call).
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A policy document rendered by Terraform's `aws_iam_policy_document`. Statements are collected
 * until synthesis, so grants made after the document was created still land in it.
 */
export class PolicyDocument extends Construct {
  private readonly statementList: PolicyStatement[] = [];
  private readonly sources: string[];
  private readonly dataSource: DataAwsIamPolicyDocument;

  constructor(scope: Construct, id: string, props: PolicyDocumentProps = {}) {
    super(scope, id);
    this.statementList.push(...(props.statements ?? []));
    this.sources = [...(props.sourcePolicyDocuments ?? [])];
    this.dataSource = new DataAwsIamPolicyDocument(this, "document", {
      provider: props.provider,
      statement: Lazy.anyValue({
        // A document of source documents only (a role's trust from a provider-generated policy) has no statement block.
        produce: () =>
          this.statementList.length > 0 ? this.statementList.map((s) => dataAwsIamPolicyDocumentStatementToTerraform(s.toStatementConfig())) : undefined,
      }),
      sourcePolicyDocuments: Lazy.listValue({ produce: () => (this.sources.length > 0 ? this.sources : undefined) as string[] }),
    });
  }

  /** The rendered policy JSON (known at plan time). */
  public get json(): string {
    return this.dataSource.json;
  }

  /** The statements added so far. */
  public get statements(): readonly PolicyStatement[] {
    return this.statementList;
  }

  /** Adds statements to the document. */
  public addStatements(...statements: PolicyStatement[]): void {
    this.statementList.push(...statements);
  }

  /** Merges another policy JSON document under this document's statements. */
  public addSourcePolicyDocument(json: string): void {
    this.sources.push(json);
  }
}
