package dev.unbundled.search.connector.client;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.unbundled.search.connector.config.AwsSigning;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The credential sources build from the plugin's own dependencies, without a network call: the
 * default chain, and STS for a role with the URLConnection HTTP client (the SDK's Apache and Netty
 * clients are not in the plugin).
 */
class AwsCredentialSourcesTest {

  @Test
  void theDefaultChainBuildsAndCloses() {
    assertThatCode(
            () ->
                AwsCredentialSources.of(new AwsSigning("eu-west-1", "es", Optional.empty(), "s"))
                    .close())
        .doesNotThrowAnyException();
  }

  @Test
  void aRoleToAssumeBuildsItsStsClientFromThePluginsDependencies() {
    AwsSigning signing =
        new AwsSigning(
            "eu-west-1",
            "es",
            Optional.of("arn:aws:iam::123456789012:role/search-sink"),
            "unbundled-search-sink");

    assertThatCode(() -> AwsCredentialSources.of(signing).close()).doesNotThrowAnyException();
  }
}
