package dev.unbundled.search.connector.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.connector.config.ConfigCombinations;
import dev.unbundled.search.connector.config.ConfigCombinations.Problem;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 24: topics whose names fold into one index or alias name are refused in validation. */
class NameCollisionsTest {

  private static Map<String, String> props(String... keyValues) {
    Map<String, String> props = new HashMap<>();
    props.put("connection.url", "http://localhost:9200");
    props.put("index.version", "1");
    props.put("kafka.bootstrap.servers", "localhost:9092");
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    return props;
  }

  private static List<Problem> check(String... keyValues) {
    Map<String, String> props = props(keyValues);
    return NameCollisions.check(new SearchSinkConfig(props), props);
  }

  private static List<Problem> combinations(String... keyValues) {
    Map<String, String> props = props(keyValues);
    return ConfigCombinations.check(new SearchSinkConfig(props), props);
  }

  @Test
  void topicsThatDifferOnlyByALeadingUnderscoreAreRefusedOnTopicsNamingBothAndTheIndex() {
    assertThat(check("topics", "audit,_audit"))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.key()).isEqualTo("topics");
              assertThat(problem.message())
                  .contains("Topics 'audit' and '_audit'")
                  .contains("index 'audit-v1'")
                  .contains("index.name.format")
                  .contains("index.shared.topics=true");
            });
  }

  @Test
  void topicsThatDifferOnlyInCaseAreRefusedOnTopicsNamingBothAndTheIndex() {
    assertThat(check("topics", "Orders, orders,payments"))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.key()).isEqualTo("topics");
              assertThat(problem.message())
                  .contains("Topics 'Orders' and 'orders'")
                  .contains("index 'orders-v1'")
                  .doesNotContain("payments");
            });
  }

  @Test
  void topicsWithTheirOwnIndexesAndAliasesAreFine() {
    assertThat(check("topics", "orders,payments,audit")).isEmpty();
    // Formats that keep the leading underscore inside the names keep the topics apart.
    assertThat(
            check(
                "topics",
                "audit,_audit",
                "index.name.format",
                "t-${topic}-v${version}",
                "alias.name.format",
                "t-${topic}"))
        .isEmpty();
  }

  @Test
  void declaredSharingWithVersionsFromTheRecordsIsAllowed() {
    String[] sharing = {
      "topics", "audit,_audit", "index.shared.topics", "true", "document.version", "header:__lsn"
    };
    assertThat(check(sharing)).isEmpty();
    assertThat(combinations(sharing)).isEmpty();
    assertThat(check("topics", "Orders,orders", "index.shared.topics", "true")).isEmpty();
  }

  @Test
  void declaredSharingWithOffsetVersionsIsRefused() {
    assertThat(combinations("topics", "audit,_audit", "index.shared.topics", "true"))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.key()).isEqualTo("index.shared.topics");
              assertThat(problem.message()).contains("document.version=auto");
            });
    assertThat(
            combinations(
                "topics",
                "audit,_audit",
                "index.shared.topics",
                "true",
                "document.version",
                "offset"))
        .extracting(Problem::key)
        .containsExactly("index.shared.topics");
  }

  @Test
  void topicsWithOneReadAliasButDifferentIndexesAreRefusedOnTheAliasFormat() {
    assertThat(check("topics", "orders,payments", "alias.name.format", "shop"))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.key()).isEqualTo("alias.name.format");
              assertThat(problem.message())
                  .contains("'orders' and 'payments'")
                  .contains("read alias 'shop'")
                  .contains("'orders-v1' and 'payments-v1'");
            });
    assertThat(
            check("topics", "orders,payments", "alias.preview.name.format", "preview-v${version}"))
        .extracting(Problem::key)
        .containsExactly("alias.preview.name.format");
  }
}
