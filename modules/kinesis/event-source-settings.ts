/** How the execution role gets its Kinesis read permissions. */
export enum KinesisReadPermissions {
  /**
   * An inline policy with the five read actions on exactly this stream (and the consumer actions on
   * exactly the consumer): least privilege.
   */
  SCOPED_INLINE = "SCOPED_INLINE",
  /**
   * The AWS-managed `AWSLambdaKinesisExecutionRole`, which the article "How to set up cross-account access to
   * Amazon Kinesis Data Streams" (DEV Community) attaches: Kinesis reads and log writes on every resource. KMS
   * decrypt and DescribeStreamConsumer, which it lacks, are still added inline.
   */
  MANAGED_POLICY = "MANAGED_POLICY",
}

/** Where a new mapping starts reading each shard. */
export enum StartingPosition {
  /** Only records added after the mapping exists. */
  LATEST = "LATEST",
  /** The oldest record still in the stream. */
  TRIM_HORIZON = "TRIM_HORIZON",
  /** Records from `startingPositionTimestamp` on. */
  AT_TIMESTAMP = "AT_TIMESTAMP",
}
