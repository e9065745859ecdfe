package dev.unbundled.search.connector.index;

import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * A record of one topic would go into an index that already holds another topic of the same
 * connector, whose names fold into one index name ({@code audit} and {@code _audit}), while sharing
 * was not declared: documents of the same key would overwrite each other, silently. The topics
 * {@code topics} names are refused in validation; this catches those {@code topics.regex} brings.
 */
public final class TopicsShareIndexException extends ConnectException {

  public TopicsShareIndexException(
      String index, String connector, String recordedTopic, String topic) {
    super(
        "Connector '"
            + connector
            + "' will not write topic '"
            + topic
            + "' into index '"
            + index
            + "': the index already holds topic '"
            + recordedTopic
            + "' (recorded in its _meta). "
            + describe(List.of(recordedTopic, topic), index));
  }

  /** Why topics in one index are refused, and the two ways out; validation says the same. */
  public static String describe(List<String> topics, String index) {
    return "Topics "
        + quoted(topics)
        + (topics.size() == 2 ? " would both" : " would all")
        + " be written to index '"
        + index
        + "': index names are lower case and lose leading '-', '_' and '+', so these topic names"
        + " fold into one, and records of the topics with the same key would overwrite each"
        + " other's documents. Give each topic its own index with an index.name.format that keeps"
        + " them apart (or consume them with separate connectors whose formats differ), or, if"
        + " they are meant to share the index, set index.shared.topics=true with versions from"
        + " the records (document.version=field:<path> or header:<name>).";
  }

  static String quoted(List<String> names) {
    List<String> quoted = names.stream().map(name -> "'" + name + "'").toList();
    if (quoted.size() < 2) {
      return String.join("", quoted);
    }
    return String.join(", ", quoted.subList(0, quoted.size() - 1))
        + " and "
        + quoted.get(quoted.size() - 1);
  }
}
