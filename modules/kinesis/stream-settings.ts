/** Capacity mode of a stream. */
export enum StreamMode {
  /** A fixed number of shards (`shardCount`), billed per shard-hour. */
  PROVISIONED = "PROVISIONED",
  /** Kinesis scales shards with traffic, billed per GB. */
  ON_DEMAND = "ON_DEMAND",
}

/** How records are encrypted at rest. There is deliberately no unencrypted option. */
export enum StreamEncryption {
  /** SSE with the AWS-managed key `alias/aws/kinesis`: no key policy to manage, same-account readers only. */
  AWS_MANAGED = "AWS_MANAGED",
  /** SSE with a customer-managed key: readers in any account once they are key users. */
  KMS = "KMS",
}
