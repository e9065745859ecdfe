package dev.unbundled.search.connector.index;

import org.apache.kafka.connect.errors.ConnectException;

/** The index a connector would write to belongs to another connector. */
public final class IndexOwnedElsewhereException extends ConnectException {

  /**
   * @param topic the topic this connector would write into the index
   */
  public IndexOwnedElsewhereException(
      String index, String connector, IndexOwnership owner, String topic) {
    super(
        "Index '"
            + index
            + "' belongs to connector '"
            + owner.connector()
            + "' (topic '"
            + owner.topic()
            + "', version "
            + owner.version()
            + "), so connector '"
            + connector
            + "' will not write "
            + (topic == null ? "" : "topic '" + topic + "' ")
            + "into it."
            + folding(owner.topic(), topic, index)
            + " Give this connector another index.version or index.name.format, or delete the"
            + " index if it is no longer used.");
  }

  /** Says so when two different topic names become this one index name. */
  private static String folding(String ownersTopic, String topic, String index) {
    if (topic == null || ownersTopic.isEmpty() || ownersTopic.equals(topic)) {
      return "";
    }
    if (!NameFormat.foldTogether(ownersTopic, topic)) {
      return "";
    }
    return " Topic names '"
        + ownersTopic
        + "' and '"
        + topic
        + "' differ but fold into the one index name '"
        + index
        + "' (index names are lower case and lose leading '-', '_' and '+'), so the two topics"
        + " would overwrite each other's documents there.";
  }
}
