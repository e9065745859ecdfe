package dev.unbundled.search.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** What {@code validate} reports, before it looks at any server. */
class SearchSinkConnectorValidateTest {

  /** Issue 24: Connect's own {@code topics} key carries the error, though not in our ConfigDef. */
  @Test
  void topicsThatFoldIntoOneIndexAreReportedOnTopics() {
    Config result =
        new SearchSinkConnector()
            .validate(
                Map.of(
                    "name", "audit-search",
                    "connection.url", "http://localhost:1",
                    "index.version", "1",
                    "kafka.bootstrap.servers", "localhost:1",
                    "topics", "audit,_audit"));

    assertThat(result.configValues())
        .filteredOn(value -> value.name().equals("topics"))
        .singleElement()
        .extracting(ConfigValue::errorMessages)
        .asList()
        .singleElement()
        .asString()
        .contains("'audit' and '_audit'", "index 'audit-v1'");
  }
}
