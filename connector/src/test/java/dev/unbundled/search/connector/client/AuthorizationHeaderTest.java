package dev.unbundled.search.connector.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.connector.config.SearchSinkConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizationHeaderTest {

  private static Map<String, String> minimal() {
    Map<String, String> props = new HashMap<>();
    props.put("connection.url", "http://localhost:9200");
    props.put("index.version", "1");
    props.put("kafka.bootstrap.servers", "localhost:9092");
    return props;
  }

  private static String headerFor(Map<String, String> props) {
    return AuthorizationHeader.of(new SearchSinkConfig(props)).orElse(null);
  }

  @Test
  void anIdAndKeyPairIsEncodedAndAnEncodedKeySentAsItIs() {
    Map<String, String> props = minimal();
    props.put("connection.api.key", " id1:secret ");
    assertThat(headerFor(props))
        .isEqualTo(
            "ApiKey "
                + Base64.getEncoder()
                    .encodeToString("id1:secret".getBytes(StandardCharsets.UTF_8)));

    props.put("connection.api.key", "ZW5jb2RlZA==");
    assertThat(headerFor(props)).isEqualTo("ApiKey ZW5jb2RlZA==");
  }

  @Test
  void aBearerTokenIsSentAsBearer() {
    Map<String, String> props = minimal();
    props.put("connection.bearer.token", "tok");
    assertThat(headerFor(props)).isEqualTo("Bearer tok");
  }

  @Test
  void basicAuthenticationNeedsNoHeader() {
    Map<String, String> props = minimal();
    props.put("connection.username", "writer");
    props.put("connection.password", "s3cret");
    assertThat(headerFor(props)).isNull();
  }
}
