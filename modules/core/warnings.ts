import { Annotations, Aspects, IAspect, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { ValidationError } from "../private/validation";

/** A warning this library can give: a stable ID to search for (docs/warnings.md) and acknowledge. */
export interface WarningType {
  /** Stable ID, upper-case words joined by `-`, e.g. `GRANT-RESOURCE-POLICY-NOT-MANAGED`. */
  readonly id: string;
  /** One line: what the warning is about. */
  readonly summary: string;
}

const WARNING_ID_PATTERN = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;
const definedWarnings = new Map<string, WarningType>();

/**
 * Defines a warning type and registers its ID, so {@link Warnings.acknowledge} accepts it; IDs are unique,
 * defining one twice throws. Your own constructs can define theirs the same way.
 */
export function defineWarning(warning: WarningType): WarningType {
  if (!WARNING_ID_PATTERN.test(warning.id)) {
    throw new ValidationError("WarningType.id", warning.id, "must be upper-case words of letters and digits joined by '-'");
  }
  if (definedWarnings.has(warning.id)) throw new ValidationError("WarningType.id", warning.id, "must be unique: a warning with this ID is already defined");
  const frozen = Object.freeze({ ...warning });
  definedWarnings.set(warning.id, frozen);
  return frozen;
}

/** Metadata type of a warning waiting for synthesis, `{ id, message }`. */
const PENDING_WARNING_METADATA = "data-access/warning";
/** Metadata type of an acknowledgement, `{ id, reason }`. */
const WARNING_ACKNOWLEDGEMENT_METADATA = "data-access/warning-acknowledgement";

/** An acknowledged warning: its ID and why it is fine here. */
export interface WarningAcknowledgement {
  /** The warning ID, e.g. `GRANT-RESOURCE-POLICY-NOT-MANAGED`. */
  readonly id: string;
  /** Why the warning does not apply here; at least {@link Warnings.MIN_REASON_LENGTH} characters. */
  readonly reason: string;
}

interface PendingWarning {
  readonly id: string;
  readonly message: string;
}

/**
 * Warnings with stable IDs, and their acknowledgement by ID on a construct scope (cdktf 0.21's
 * `Annotations` have neither). A warning is recorded on its construct and turned into a cdktf warning
 * annotation, `<ID>: <message>`, when the stack is synthesized, unless the construct or one of its
 * scopes acknowledged that ID (then it is an info annotation with the reason). So an acknowledgement
 * works whether it is added before or after the construct that warns; the same warning on the same
 * construct is given once.
 */
export class Warnings {
  /** Shortest accepted reason, after trimming and collapsing whitespace. */
  public static readonly MIN_REASON_LENGTH = 20;

  /** The warnings API of a construct scope. */
  public static of(scope: IConstruct): Warnings {
    return new Warnings(scope);
  }

  /** IDs of every warning type defined so far (the built-in ones are defined when their modules load). */
  public static knownIds(): string[] {
    return [...definedWarnings.keys()];
  }

  private constructor(private readonly scope: IConstruct) {}

  /** Records `warning` on this construct with a message for this case (given once per construct). */
  public add(warning: WarningType, message: string): void {
    const pending = pendingOn(this.scope);
    if (pending.some((w) => w.id === warning.id && w.message === message)) return;
    this.scope.node.addMetadata(PENDING_WARNING_METADATA, Object.freeze({ id: warning.id, message }));
    const stack = TerraformStack.of(this.scope);
    if (!Aspects.of(stack).all.includes(WARNING_EMITTER)) Aspects.of(stack).add(WARNING_EMITTER);
  }

  /**
   * Acknowledges warning `id` on this construct and everything below it. Throws a {@link ValidationError}
   * for an unknown ID or a reason shorter than {@link Warnings.MIN_REASON_LENGTH}.
   */
  public acknowledge(id: string, reason: string): void {
    if (!definedWarnings.has(id)) {
      throw new ValidationError("WarningAcknowledgement.id", id, `must be a known warning ID (${Warnings.knownIds().sort().join(", ")})`);
    }
    const text = typeof reason === "string" ? reason.trim().replace(/\s+/g, " ") : "";
    if (text.length < Warnings.MIN_REASON_LENGTH) {
      throw new ValidationError(
        "WarningAcknowledgement.reason",
        reason,
        `must explain in at least ${Warnings.MIN_REASON_LENGTH} characters why ${id} is acceptable here`,
      );
    }
    this.scope.node.addMetadata(WARNING_ACKNOWLEDGEMENT_METADATA, Object.freeze({ id, reason: text }));
  }

  /** The acknowledgement of `id` in force on this construct: its own or its nearest scope's. */
  public acknowledgementOf(id: string): WarningAcknowledgement | undefined {
    const scopes = this.scope.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const entry = scopes[i].node.metadata.find((m) => m.type === WARNING_ACKNOWLEDGEMENT_METADATA && (m.data as WarningAcknowledgement).id === id);
      if (entry) return entry.data as WarningAcknowledgement;
    }
    return undefined;
  }
}

function pendingOn(construct: IConstruct): PendingWarning[] {
  return construct.node.metadata.filter((m) => m.type === PENDING_WARNING_METADATA).map((m) => m.data as PendingWarning);
}

/** Turns recorded warnings into annotations at synthesis, each once even if the stack is synthesized again. */
class WarningEmitter implements IAspect {
  private readonly emitted = new WeakMap<IConstruct, Set<string>>();

  public visit(node: IConstruct): void {
    for (const warning of pendingOn(node)) {
      const key = `${warning.id}\n${warning.message}`;
      const done = this.emitted.get(node) ?? new Set<string>();
      if (done.has(key)) continue;
      done.add(key);
      this.emitted.set(node, done);
      const acknowledgement = Warnings.of(node).acknowledgementOf(warning.id);
      if (acknowledgement) Annotations.of(node).addInfo(`${warning.id} acknowledged: ${acknowledgement.reason}`);
      else Annotations.of(node).addWarning(`${warning.id}: ${warning.message}`);
    }
  }
}

const WARNING_EMITTER = new WarningEmitter();
