package dev.unbundled.search.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SearchSinkConfigTest {

  private static Map<String, String> minimal() {
    Map<String, String> props = new HashMap<>();
    props.put(ConnectionGroup.CONNECTION_URL, "http://localhost:9200");
    props.put(IndexGroup.INDEX_VERSION, "2");
    props.put(KafkaGroup.KAFKA_BOOTSTRAP_SERVERS, "localhost:9092");
    return props;
  }

  @Test
  void minimalConfigurationUsesDefaults() {
    SearchSinkConfig config = new SearchSinkConfig(minimal());

    assertThat(config.connectionUrls()).containsExactly(URI.create("http://localhost:9200"));
    assertThat(config.indexVersion()).isEqualTo(2);
    assertThat(config.indexNameFormat()).isEqualTo("${topic}-v${version}");
    assertThat(config.credentials()).isEmpty();
  }

  @Test
  void indexVersionIsRequired() {
    Map<String, String> props = minimal();
    props.remove(IndexGroup.INDEX_VERSION);

    assertThatThrownBy(() -> new SearchSinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("index.version");
  }

  @Test
  void indexVersionMustBeAPositiveInteger() {
    for (String bad : new String[] {"0", "-1", "abc", "1.5"}) {
      Map<String, String> props = minimal();
      props.put(IndexGroup.INDEX_VERSION, bad);

      assertThatThrownBy(() -> new SearchSinkConfig(props))
          .as("index.version=%s", bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("index.version");
    }
  }

  @Test
  void connectionUrlsMustBeHttpUrls() {
    for (String bad : new String[] {"localhost:9200", "ftp://es:21", "http://"}) {
      Map<String, String> props = minimal();
      props.put(ConnectionGroup.CONNECTION_URL, bad);

      assertThatThrownBy(() -> new SearchSinkConfig(props))
          .as("connection.url=%s", bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("connection.url");
    }
  }

  @Test
  void passwordIsHiddenInCredentialsToString() {
    Map<String, String> props = minimal();
    props.put(ConnectionGroup.CONNECTION_USERNAME, "writer");
    props.put(ConnectionGroup.CONNECTION_PASSWORD, "s3cret");

    SearchSinkConfig.Credentials credentials =
        new SearchSinkConfig(props).credentials().orElseThrow();

    assertThat(credentials.password()).isEqualTo("s3cret");
    assertThat(credentials.toString()).doesNotContain("s3cret");
  }

  @Test
  void choiceSettingsRecommendTheirValidValues() {
    Map<String, org.apache.kafka.common.config.ConfigValue> values =
        SearchSinkConfig.CONFIG_DEF.validateAll(minimal());

    assertThat(values.get("write.method").recommendedValues()).containsExactly("index", "upsert");
    assertThat(values.get("behavior.on.null.values").recommendedValues())
        .containsExactly("delete", "ignore", "fail");
    assertThat(values.get("alias.promotion").recommendedValues()).containsExactly("auto", "manual");
    assertThat(values.get("document.version").recommendedValues())
        .containsExactly("auto", "offset", "none");
  }

  @Test
  void enumSettingsAcceptAnyCaseAndAliasesWithoutRecommendingAliases() {
    Map<String, String> props = minimal();
    props.put(WriteMethod.KEY, "INSERT");
    props.put(NullValueBehavior.KEY, "Ignore");

    SearchSinkConfig config = new SearchSinkConfig(props);

    assertThat(config.writeMethod()).isEqualTo(WriteMethod.INDEX);
    assertThat(config.nullValueBehavior()).isEqualTo(NullValueBehavior.IGNORE);
    assertThat(WriteMethod.SETTING.names()).containsExactly("index", "upsert");
    props.put(WriteMethod.KEY, "replace");
    assertThatThrownBy(() -> new SearchSinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("write.method");
  }

  @Test
  void tlsSettingsHidePasswordsInToString() {
    Map<String, String> props = minimal();
    props.put(SecurityGroup.SSL_TRUSTSTORE_LOCATION, "/etc/ca.p12");
    props.put(SecurityGroup.SSL_TRUSTSTORE_TYPE, "pkcs12");
    props.put(SecurityGroup.SSL_TRUSTSTORE_PASSWORD, "trust-me-secret");

    TlsSettings tls = new SearchSinkConfig(props).tls();

    assertThat(tls.truststoreType()).isEqualTo("PKCS12");
    assertThat(tls.verifyHostname()).isTrue();
    assertThat(tls.toString()).contains("/etc/ca.p12").doesNotContain("trust-me-secret");
  }

  @Test
  void requestsAreNotSignedByDefault() {
    SearchSinkConfig config = new SearchSinkConfig(minimal());

    assertThat(config.authType()).isEqualTo(AuthType.BASIC);
    assertThat(config.awsSigning()).isEmpty();
  }

  @Test
  void awsSigningReadsRegionServiceAndRole() {
    Map<String, String> props = minimal();
    props.put(AuthType.KEY, "aws-sigv4");
    props.put(SecurityGroup.AWS_REGION, "eu-central-1");
    props.put(SecurityGroup.AWS_SERVICE, "aoss");
    props.put(SecurityGroup.AWS_ROLE_ARN, "arn:aws:iam::123456789012:role/search-sink");

    assertThat(new SearchSinkConfig(props).awsSigning())
        .contains(
            new AwsSigning(
                "eu-central-1",
                "aoss",
                java.util.Optional.of("arn:aws:iam::123456789012:role/search-sink"),
                "unbundled-search-sink"));
    props.remove(SecurityGroup.AWS_SERVICE);
    props.remove(SecurityGroup.AWS_ROLE_ARN);
    assertThat(new SearchSinkConfig(props).awsSigning().orElseThrow().service()).isEqualTo("es");
  }

  @Test
  void awsSettingsAreCheckedOnTheirOwn() {
    for (String[] bad :
        new String[][] {
          {SecurityGroup.AWS_REGION, "US East"},
          {SecurityGroup.AWS_SERVICE, "s3"},
          {SecurityGroup.AWS_ROLE_ARN, "search-sink"},
          {AuthType.KEY, "sigv4"}
        }) {
      Map<String, String> props = minimal();
      props.put(bad[0], bad[1]);

      assertThatThrownBy(() -> new SearchSinkConfig(props))
          .as("%s=%s", bad[0], bad[1])
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(bad[0]);
    }
  }
}
