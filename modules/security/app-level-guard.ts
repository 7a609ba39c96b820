import { Aspects, TerraformStack } from "cdktf";
import { DataAccessSecurityChecks } from "./data-access-security-checks";

const guarded = new WeakSet<TerraformStack>();

/**
 * Makes synthesis of `stack` fail when a {@link DataAccessSecurityChecks} was added above it (to the App
 * or a construct between the App and the stack): cdktf 0.21 invokes aspects from each stack down
 * (`invokeAspects(stack)` in cdktf's `lib/synthesize/synthesizer.js`), so such an aspect never runs and
 * the stack would pass unchecked. Registered once per stack; called by the constructs every stack of
 * this library has ({@link AwsAccountProvider}).
 */
export function refuseChecksAboveStack(stack: TerraformStack): void {
  if (guarded.has(stack)) return;
  guarded.add(stack);
  stack.node.addValidation({
    validate: () => {
      const above = stack.node.scopes.slice(0, -1);
      const holder = above.find((scope) => Aspects.of(scope).all.some((aspect) => aspect instanceof DataAccessSecurityChecks));
      if (!holder) return [];
      const where = holder.node.path === "" ? "the App" : `'${holder.node.path}'`;
      return [
        `DataAccessSecurityChecks was added to ${where}, where cdktf 0.21 never runs aspects, so stack '${stack.node.id}' ` +
          "would not be checked. Add it to each stack: DataAccessSecurityChecks.addToEachStack(app).",
      ];
    },
  });
}
