/**
 * Names KCL 3.x's MultiLangDaemon knows, copied from awslabs/amazon-kinesis-client (3.x, AWS SDK v2):
 * property names from amazon-kinesis-client-multilang/src/test/resources/multilangv3.properties (its
 * settings, and the "Expected key name (case-sensitive)" comment for the three credentials keys);
 * provider classes and nested keys from docs/multilang/configuring-credential-providers.md and
 * NestedPropertyKey.java (ENDPOINT, ENDPOINT_REGION, EXTERNAL_ID as lowerCamel).
 */
export const KCL3_PROPERTY_NAMES: readonly string[] = [
  "executableName", "streamArn", "streamName", "applicationName",
  "AwsCredentialsProvider", "AwsCredentialsProviderDynamoDB", "AwsCredentialsProviderCloudWatch",
  "processingLanguage", "initialPositionInStream", "initialPositionInStreamExtended", "regionName",
  "failoverTimeMillis", "workerId", "shardSyncIntervalMillis", "maxRecords", "idleTimeBetweenReadsInMillis",
  "callProcessRecordsEvenForEmptyRecordList", "parentShardPollIntervalMillis", "cleanupLeasesUponShardCompletion",
  "taskBackoffTimeMillis", "metricsBufferTimeMillis", "metricsMaxQueueSize", "validateSequenceNumberBeforeCheckpointing",
  "maxActiveThreads", "clientVersionConfig",
];

export const KCL3_CREDENTIALS_PROVIDER_CLASSES: readonly string[] = [
  "StsAssumeRoleCredentialsProvider",
  "KclStsAssumeRoleCredentialsProvider",
  "DefaultCredentialsProvider",
];

export const KCL3_NESTED_KEYS: readonly string[] = ["endpoint", "endpointRegion", "externalId"];

/** The credentials keys KCL 3.x reads (AWS SDK v2 providers). */
export const KCL3_CREDENTIALS_KEYS = ["AwsCredentialsProvider", "AwsCredentialsProviderDynamoDB", "AwsCredentialsProviderCloudWatch"] as const;
