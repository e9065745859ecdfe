package dev.unbundled.search.connector.config;

import java.util.Optional;

/**
 * How requests are signed with AWS Signature Version 4 ({@code connection.auth.type=aws-sigv4}):
 * the region and service name of the credential scope, and the role to assume, if any. The
 * credentials themselves come from the AWS SDK's default chain, never from the connector's
 * configuration.
 *
 * @param service {@code es} for Amazon OpenSearch Service, {@code aoss} for OpenSearch Serverless
 */
public record AwsSigning(
    String region, String service, Optional<String> roleArn, String roleSessionName) {}
