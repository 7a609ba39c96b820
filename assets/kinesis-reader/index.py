# Seed 002's reader (kds-reader1): logs each batch of Kinesis records to CloudWatch Logs, which is
# enough to verify that cross-account stream sharing works. Replace with real processing.
def lambda_handler(event, context):
    print(event)
    return True
