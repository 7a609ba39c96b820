/** Who the role in the stream's account trusts. */
export enum StreamRoleTrust {
  /**
   * Exactly the KCL workers' role ARN (narrower than the AWS Architecture Blog post "Field Notes: How to Enable
   * Cross-Account Access for Amazon Kinesis Data Streams using Kinesis Client Library 2.x", which trusts
   * account B's root).
   */
  WORKER_ROLE = "WORKER_ROLE",
  /**
   * Any principal of the consumer account that its admins allow (as in the KCL cross-account post). Requires an
   * external ID, which the workers send with `KclStsAssumeRoleCredentialsProvider|…|externalId=<id>`.
   */
  CONSUMER_ACCOUNT = "CONSUMER_ACCOUNT",
}
