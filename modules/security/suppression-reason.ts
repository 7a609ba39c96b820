/**
 * Shortest accepted suppression reason, after trimming and collapsing whitespace
 * ({@link SecuritySuppressions.MIN_REASON_LENGTH}). Declared without cdktf or constructs, so the app config can
 * state the rule before either is loaded.
 */
export const MIN_SUPPRESSION_REASON_LENGTH = 20;
