import { IConstruct } from "constructs";
import { Lazy, TerraformResource, TerraformStack } from "cdktf";
import { ValidationError } from "./validation";

/**
 * One `lifecycle.replace_triggered_by` entry: an attribute of a managed resource, written as Terraform's JSON syntax
 * reads it, a bare reference (`aws_iam_instance_profile.<name>.arn`). Terraform accepts only references to managed
 * resources of the same module there (Terraform docs, "lifecycle" meta-argument). Passing the resource or a token to
 * cdktf 0.21's `replaceTriggeredBy` renders `"${aws_iam_instance_profile.<name>}"`, which Terraform rejects with
 * "Invalid character" (hashicorp/terraform-cdk#3196, #3532, #3645), so the address is produced at synth from the
 * resource's type and logical ID (overrides included).
 */
export function replaceTriggerOn(scope: IConstruct, field: string, resource: TerraformResource, attribute: string): string {
  if (TerraformStack.of(resource) !== TerraformStack.of(scope)) {
    throw new ValidationError(field, resource.node.path, `must be in the stack of ${scope.node.path} (replace_triggered_by only refers to resources of the same configuration)`);
  }
  return Lazy.stringValue({ produce: () => `${resource.terraformResourceType}.${resource.friendlyUniqueId}.${attribute}` });
}
