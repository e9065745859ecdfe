package dev.unbundled.search.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class DocumentVersionTest {

  private static SearchSinkConfig config(String... keyValues) {
    Map<String, String> props = new java.util.HashMap<>();
    props.put("connection.url", "http://localhost:9200");
    props.put("index.version", "1");
    props.put("kafka.bootstrap.servers", "localhost:9092");
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    return new SearchSinkConfig(props);
  }

  @Test
  void plainValuesInAnyCaseAndPrefixedFormsWithTheirName() {
    assertThat(DocumentVersion.parse("OFFSET")).isEqualTo(DocumentVersion.OFFSET);
    assertThat(DocumentVersion.parse(" none ")).isEqualTo(DocumentVersion.NONE);
    assertThat(DocumentVersion.parse("field:source.lsn"))
        .isEqualTo(new DocumentVersion(DocumentVersion.Source.FIELD, "source.lsn"));
    assertThat(DocumentVersion.parse("Header: __lsn"))
        .isEqualTo(new DocumentVersion(DocumentVersion.Source.HEADER, "__lsn"));
    assertThat(DocumentVersion.parse("field:__source_lsn")).hasToString("field:__source_lsn");
  }

  @Test
  void autoIsOffsetForIndexWritesAndNoneForUpserts() {
    assertThat(config().documentVersion()).isEqualTo(DocumentVersion.OFFSET);
    assertThat(config("write.method", "upsert").documentVersion()).isEqualTo(DocumentVersion.NONE);
    assertThat(config("document.version", "header:h").documentVersion().fromRecord()).isTrue();
    assertThat(config("document.version", "header:h").versionWithOffsets()).isFalse();
  }

  @Test
  void aBadValueIsRefusedOnItsKeyWithTheFormsItMayTake() {
    for (String bad : new String[] {"offsets", "field:", "field:a..b", "header:", "lsn"}) {
      assertThatThrownBy(() -> config("document.version", bad))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("document.version");
    }
    assertThatThrownBy(() -> config("document.version", "header:"))
        .hasMessageContaining("header:__lsn");
  }

  @Test
  void routingComesFromTheKeyAKeyFieldOrAValueField() {
    assertThat(config().routingField()).isEmpty();
    assertThat(config("routing.field", "key").routingField())
        .contains(new RoutingField(true, null));
    assertThat(config("routing.field", "key.tenant.id").routingField())
        .contains(new RoutingField(true, "tenant.id"));
    assertThat(config("routing.field", "value.region").routingField())
        .contains(new RoutingField(false, "region"));
    for (String bad : new String[] {"tenant", "key.", "value", "value..x"}) {
      assertThatThrownBy(() -> config("routing.field", bad))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("routing.field");
    }
  }
}
