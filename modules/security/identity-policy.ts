import { BlockKind, StackIndex, TerraformBlock, isReferenceTo } from "./stack-index";
import { StatementView, blockList, readPolicy, statementsDefinedIn } from "./policy-reader";

/**
 * Statements of identity policies: a statement with no `Principal`/`NotPrincipal` belongs to an identity
 * policy (a resource or trust policy must name its principals), wherever it is written.
 */
export function isIdentityStatement(statement: StatementView): boolean {
  return statement.principals.length === 0 && statement.notPrincipals.length === 0;
}

/** The Allow statements of identity policies that `block` itself defines (see `statementsDefinedIn`). */
export function identityAllowsDefinedIn(block: TerraformBlock, stack: StackIndex): StatementView[] {
  return statementsDefinedIn(block, stack).statements.filter((s) => s.effect === "Allow" && isIdentityStatement(s));
}

/** `*`, and role ARNs whose name part is only a wildcard (`arn:aws:iam::123456789012:role/*`, any account): every role. */
function isAnyRole(resource: string): boolean {
  return resource === "*" || /^arn:[^:]*:iam::[^:]*:(role\/)?\*$/.test(resource);
}

/** Findings for a statement's resources that name every role: `Resource::<arn>` per such resource, `NotResource::...` for any NotResource. */
export function anyRoleResourceFindings(statement: StatementView): string[] {
  const findings = statement.resources.filter(isAnyRole).map((resource) => `Resource::${resource}`);
  if (statement.notResources.length > 0) findings.push(`NotResource::${statement.notResources.join(",")}`);
  return findings;
}

/**
 * The Allow statements of every identity policy attached to an `aws_iam_role` in this stack: its
 * `inline_policy` blocks, the `aws_iam_role_policy` blocks naming it, and the `aws_iam_policy` documents
 * of the `aws_iam_role_policy_attachment`s naming it. AWS-managed policies are not in the stack and not read.
 */
export function identityAllowsOfRole(role: TerraformBlock, stack: StackIndex): StatementView[] {
  const name = role.config.name;
  const namesRole = (value: unknown): boolean =>
    isReferenceTo(value, role, ["name", "id"]) || (typeof name === "string" && !name.includes("${") && value === name);
  const policies: unknown[] = [
    ...blockList(role.config.inline_policy).map((inline) => inline.policy),
    ...stack.blocksOfType(BlockKind.RESOURCE, "aws_iam_role_policy").filter((b) => namesRole(b.config.role)).map((b) => b.config.policy),
    ...stack
      .blocksOfType(BlockKind.RESOURCE, "aws_iam_role_policy_attachment")
      .filter((b) => namesRole(b.config.role))
      .map((b) => stack.referencedBlock(b.config.policy_arn))
      .filter((b): b is TerraformBlock => b?.kind === BlockKind.RESOURCE && b.type === "aws_iam_policy")
      .map((b) => b.config.policy),
  ];
  return policies.flatMap((policy) => readPolicy(policy, stack).statements).filter((s) => s.effect === "Allow" && isIdentityStatement(s));
}

