package dev.unbundled.search.connector.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.unbundled.search.connector.index.IndexNames;
import dev.unbundled.search.connector.index.IndexOwnership;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 24: an alias never moves from one topic's index to another's. */
class AliasTopicGuardTest {

  private static IndexCatalog.IndexEntry index(String name, String connector, String topic) {
    IndexOwnership owner = IndexOwnership.created(connector, topic, 1);
    return new IndexCatalog.IndexEntry(name, owner.toMeta(null), Optional.of(owner));
  }

  private static final Map<String, IndexCatalog.IndexEntry> HOLDERS =
      Map.of(
          "audit-v1",
          index("audit-v1", "audit-search-v1", "audit"),
          "by-hand",
          new IndexCatalog.IndexEntry(
              "by-hand", JsonNodeFactory.instance.objectNode(), Optional.empty()));

  @Test
  void anIndexOfAnotherTopicHoldingTheAliasIsNamed() {
    assertThat(
            AliasTopicGuard.SEPARATE_TOPICS.otherTopic(
                "_audit", "audit-v2", List.of("audit-v1"), HOLDERS))
        .contains("audit");
  }

  @Test
  void anIndexOfTheSameTopicOrOfNobodyDoesNotHoldTheMoveBack() {
    assertThat(
            AliasTopicGuard.SEPARATE_TOPICS.otherTopic(
                "audit", "audit-v2", List.of("audit-v1", "by-hand", "audit-v2"), HOLDERS))
        .isEmpty();
  }

  @Test
  void topicsThatShareTheirIndexOnPurposeShareItsAliases() {
    AliasTopicGuard sharing =
        new AliasTopicGuard(Optional.of(new IndexNames("${topic}-v${version}", 2)));
    assertThat(sharing.otherTopic("_audit", "audit-v2", List.of("audit-v1"), HOLDERS)).isEmpty();
    assertThat(sharing.otherTopic("_audit", "other-v2", List.of("audit-v1"), HOLDERS))
        .contains("audit");
  }
}
