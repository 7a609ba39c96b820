import { IConstruct } from "constructs";
import { ValidationError } from "../private/validation";
import { knownSecurityRuleIds } from "./rule";
import { MIN_SUPPRESSION_REASON_LENGTH } from "./suppression-reason";
// Loads the built-in rules, so their IDs are known even when only this file is imported.
import "./rules";

/** A finding accepted on purpose: the rule it silences and why. */
export interface SecuritySuppression {
  /** The rule ID, e.g. `S3-FORCE-DESTROY`. */
  readonly id: string;
  /** Why the finding is acceptable here; at least {@link SecuritySuppressions.MIN_REASON_LENGTH} characters. */
  readonly reason: string;
}

/** Metadata type the suppressions are stored under on a construct's node. */
export const SECURITY_SUPPRESSIONS_METADATA = "data-access-security/suppressions";

/**
 * Suppresses security findings on a construct and everything below it. Suppressed findings do not fail
 * synthesis but stay visible: as an info annotation and, with their reason, in the security report.
 */
export class SecuritySuppressions {
  /** Shortest accepted reason, after trimming and collapsing whitespace. */
  public static readonly MIN_REASON_LENGTH = MIN_SUPPRESSION_REASON_LENGTH;

  /**
   * Adds suppressions to `construct` (stored in its node metadata). Throws a {@link ValidationError}
   * for an unknown rule ID or a reason shorter than {@link SecuritySuppressions.MIN_REASON_LENGTH}.
   */
  public static add(construct: IConstruct, suppressions: SecuritySuppression[]): void {
    const known = knownSecurityRuleIds();
    for (const suppression of suppressions) {
      if (!known.includes(suppression.id)) {
        throw new ValidationError("SecuritySuppression.id", suppression.id, `must be a known security rule ID (${[...known].sort().join(", ")})`);
      }
      const reason = typeof suppression.reason === "string" ? suppression.reason.trim().replace(/\s+/g, " ") : "";
      if (reason.length < SecuritySuppressions.MIN_REASON_LENGTH) {
        throw new ValidationError(
          "SecuritySuppression.reason",
          suppression.reason,
          `must explain in at least ${SecuritySuppressions.MIN_REASON_LENGTH} characters why ${suppression.id} is acceptable here`,
        );
      }
    }
    for (const suppression of suppressions) {
      construct.node.addMetadata(SECURITY_SUPPRESSIONS_METADATA, Object.freeze({ id: suppression.id, reason: suppression.reason.trim() }));
    }
  }

  /** The suppressions in force on a construct: its own, then those of its ancestors (nearest first). */
  public static of(construct: IConstruct): SecuritySuppression[] {
    const scopes = construct.node.scopes;
    const result: SecuritySuppression[] = [];
    for (let i = scopes.length - 1; i >= 0; i--) {
      for (const entry of scopes[i].node.metadata) {
        if (entry.type === SECURITY_SUPPRESSIONS_METADATA) result.push(entry.data as SecuritySuppression);
      }
    }
    return result;
  }
}
