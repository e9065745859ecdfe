package dev.unbundled.search.connector.client;

import dev.unbundled.search.connector.config.AwsSigning;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.IoUtils;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Where the credentials to sign with come from: the AWS SDK's default chain, or a role assumed
 * through STS with the default chain's credentials. Both cache the credentials and refresh them
 * before they expire (the role's in the background), so asking for every request is cheap.
 */
final class AwsCredentialSources implements AwsCredentialsProvider, SdkAutoCloseable {

  private final AwsCredentialsProvider provider;
  private final AutoCloseable[] resources;

  private AwsCredentialSources(AwsCredentialsProvider provider, AutoCloseable... resources) {
    this.provider = provider;
    this.resources = resources;
  }

  static AwsCredentialSources of(AwsSigning signing) {
    DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
    if (signing.roleArn().isEmpty()) {
      return new AwsCredentialSources(chain, chain);
    }
    // The JDK's URLConnection client: STS is called once an hour or so, and the SDK's Apache or
    // Netty clients would make the plugin several megabytes larger.
    StsClient sts =
        StsClient.builder()
            .region(Region.of(signing.region()))
            .credentialsProvider(chain)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    StsAssumeRoleCredentialsProvider role =
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts)
            .asyncCredentialUpdateEnabled(true)
            .refreshRequest(
                request ->
                    request
                        .roleArn(signing.roleArn().get())
                        .roleSessionName(signing.roleSessionName()))
            .build();
    return new AwsCredentialSources(role, role, sts, chain);
  }

  @Override
  public software.amazon.awssdk.auth.credentials.AwsCredentials resolveCredentials() {
    return provider.resolveCredentials();
  }

  @Override
  public void close() {
    for (AutoCloseable resource : resources) {
      IoUtils.closeQuietly(resource, null);
    }
  }
}
