import { Construct, IConstruct } from "constructs";
import { ITerraformDependable, TerraformStack } from "cdktf";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { validateIntegerRange } from "../private/validation";

/** Props of {@link IamPropagationWait}. */
export interface IamPropagationWaitProps {
  /** The IAM resources Databricks will validate; the wait starts once they exist. */
  readonly after: ITerraformDependable[];
  /**
   * Seconds to wait (0-300). Users of the Databricks provider report 10-60 s are needed.
   * @default 30
   */
  readonly seconds?: number;
  /**
   * Values that, when changed, make the wait run again (`time_sleep.triggers`), e.g. the ARN of an instance
   * profile whose replacement Databricks will validate anew.
   * @default none: the wait runs once, when created
   */
  readonly triggers?: Record<string, string>;
}

/**
 * A `time_sleep` between IAM resources and the Databricks resources that validate them.
 *
 * Why: IAM is eventually consistent. `databricks_mws_credentials` fails validation until a new
 * cross-account role has propagated (databricks/terraform-provider-databricks#951, #1363, #1424), and a
 * fresh instance profile is rejected as invalid (#1226). Depend on {@link IamPropagationWait.dependables}.
 * With `seconds = 0` no sleep is created and `dependables` are the IAM resources themselves.
 */
export class IamPropagationWait extends Construct {
  /** What Databricks resources should `dependsOn`. */
  public readonly dependables: ITerraformDependable[];
  /** The `time_sleep`, when `seconds > 0`. */
  public readonly sleep?: Sleep;

  constructor(scope: Construct, id: string, props: IamPropagationWaitProps) {
    super(scope, id);
    const seconds = props.seconds ?? 30;
    validateIntegerRange("IamPropagationWait.seconds", seconds, 0, 300);
    if (seconds === 0) {
      this.dependables = [...props.after];
      return;
    }
    ensureTimeProvider(this);
    this.sleep = new Sleep(this, "sleep", { createDuration: `${seconds}s`, triggers: props.triggers, dependsOn: props.after });
    this.dependables = [this.sleep];
  }
}

/** One `time` provider per stack, created on first use so callers need not declare it. */
function ensureTimeProvider(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  const exists = stack.node.findAll().some((c) => c instanceof TimeProvider);
  if (!exists) new TimeProvider(stack, "time-provider");
}
