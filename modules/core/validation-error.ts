/**
 * Thrown when a construct prop or a config field breaks a rule. The message always names the
 * prop, the offending value and the rule, so the user can fix it without reading the source.
 */
export class ValidationError extends Error {
  constructor(
    /** The prop or config field, e.g. `DataBucket.bucketName`. */
    public readonly field: string,
    /** The offending value. */
    public readonly value: unknown,
    /** The rule the value breaks, phrased as what is required. */
    public readonly rule: string,
  ) {
    super(`${field} ${JSON.stringify(value)} is invalid: ${rule}`);
    this.name = "ValidationError";
  }
}
