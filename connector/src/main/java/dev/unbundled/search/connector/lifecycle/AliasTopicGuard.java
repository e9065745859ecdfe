package dev.unbundled.search.connector.lifecycle;

import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.index.IndexNames;
import dev.unbundled.search.connector.index.IndexOwnership;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An alias never moves from an index of one topic to an index of another: topics whose names fold
 * into one alias name ({@code audit} and {@code _audit}) would take each other's readers. The topic
 * of an index is the one its {@code _meta} records. Used by the connector's own moves and by the
 * tool's {@code promote} and {@code rollback}.
 *
 * @param sharedIndexes the connector's index names when its topics share indexes on purpose ({@code
 *     index.shared.topics}): an index of another topic that this connector writes into the same
 *     index counts as the same source
 */
public record AliasTopicGuard(Optional<IndexNames> sharedIndexes) {

  /** For a connector whose topics each have their own index. */
  public static final AliasTopicGuard SEPARATE_TOPICS = new AliasTopicGuard(Optional.empty());

  public static AliasTopicGuard of(SearchSinkConfig config) {
    return config.topicsShareIndexes()
        ? new AliasTopicGuard(
            Optional.of(new IndexNames(config.indexNameFormat(), config.indexVersion())))
        : SEPARATE_TOPICS;
  }

  /**
   * The topic recorded by an index among {@code holders} (other than {@code index}) that is not
   * {@code topic}'s, if any: the alias must then not move to {@code index}.
   *
   * @param entries the holders, read with their {@code _meta}; an index without ownership is
   *     nobody's topic and does not count
   */
  public Optional<String> otherTopic(
      String topic,
      String index,
      List<String> holders,
      Map<String, IndexCatalog.IndexEntry> entries) {
    return holders.stream()
        .filter(holder -> !holder.equals(index))
        .map(entries::get)
        .filter(Objects::nonNull)
        .flatMap(entry -> entry.ownership().stream())
        .map(IndexOwnership::topic)
        .filter(recorded -> !recorded.isEmpty() && !sameSource(recorded, topic, index))
        .findFirst();
  }

  /** Why a move is refused, for the log and the tool. */
  public static String refusal(String alias, String index, String topic, String otherTopic) {
    return "alias "
        + alias
        + " is on an index of topic '"
        + otherTopic
        + "', so it does not move to "
        + index
        + " (topic '"
        + topic
        + "'): an alias never moves from one topic's index to another's. The topic names fold"
        + " into one alias name (lower case, leading -_+ removed); give the connector an"
        + " alias.name.format (or alias.preview.name.format) that keeps them apart";
  }

  private boolean sameSource(String recorded, String topic, String index) {
    return recorded.equals(topic)
        || sharedIndexes.map(names -> writesInto(names, recorded, index)).orElse(false);
  }

  private static boolean writesInto(IndexNames names, String topic, String index) {
    try {
      return names.isIndexOf(topic, index);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
