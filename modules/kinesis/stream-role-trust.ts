/** Who the role in the stream's account trusts. */
export enum StreamRoleTrust {
  /** Exactly the KCL workers' role ARN (narrower than seed 003, which trusts account B's root). */
  WORKER_ROLE = "WORKER_ROLE",
  /**
   * Any principal of the consumer account that its admins allow (seed 003). Requires an external ID,
   * which the workers send with `KclStsAssumeRoleCredentialsProvider|…|externalId=<id>`.
   */
  CONSUMER_ACCOUNT = "CONSUMER_ACCOUNT",
}
