# Logs each batch of Kinesis records to CloudWatch Logs: enough to see that the shared stream reaches
# the function. Replace with real processing.
def lambda_handler(event, context):
    print(event)
    return True
