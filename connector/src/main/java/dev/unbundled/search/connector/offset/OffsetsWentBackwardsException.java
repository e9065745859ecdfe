package dev.unbundled.search.connector.offset;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * A topic's offsets went backwards under an index versioned by offset: the topic was deleted and
 * created again (or a leader lost records), so its new records carry lower offsets, hence lower
 * versions, than the documents already indexed, and Elasticsearch would reject them as stale. The
 * task stops rather than lose them silently; the message names the two ways forward.
 */
public final class OffsetsWentBackwardsException extends ConnectException {

  /** What the operator needs to pick a remedy: who, where, and which index version. */
  public record Context(String connector, int indexVersion) {}

  private OffsetsWentBackwardsException(String what, Context context) {
    super(what + " " + remedies(context));
  }

  /** A record below an offset that was already past in its partition. */
  public static OffsetsWentBackwardsException rewound(
      OffsetRewindCheck.Rewind rewind, Context context) {
    return new OffsetsWentBackwardsException(
        "The offsets of topic '"
            + rewind.partition().topic()
            + "' partition "
            + rewind.partition().partition()
            + " went backwards: the committed offset is "
            + (rewind.committed() < 0 ? "unknown" : Long.toString(rewind.committed()))
            + (rewind.reached() < 0
                ? ""
                : " and records up to offset " + (rewind.reached() - 1) + " were read")
            + ", but the partition now delivers offset "
            + rewind.offset()
            + ". The topic was deleted and created again, or its leader lost records. Writes are"
            + " versioned by offset (document.version=offset), so the search engine would reject the"
            + " new records as older than the documents already indexed, silently: the connector"
            + " stops instead, and commits nothing past what it indexed.",
        context);
  }

  /** The topic an index was built from is not the topic of that name any more. */
  public static OffsetsWentBackwardsException recreated(
      RecreatedTopicCheck.Recreated recreated, Context context) {
    return new OffsetsWentBackwardsException(
        "Topic '"
            + recreated.topic()
            + "' was deleted and created again since index '"
            + recreated.index()
            + "' was built from it (topic id then "
            + recreated.builtFromId()
            + ", now "
            + recreated.currentId()
            + "): its offsets started again from 0. Writes are versioned by offset"
            + " (document.version=offset), so the search engine would reject the new records as older"
            + " than the documents already indexed, silently: the connector stops instead, and"
            + " commits nothing past what it indexed.",
        context);
  }

  private static String remedies(Context context) {
    String connector = context.connector();
    return "Either rebuild the index from offset zero as a new version: create a connector with"
        + " index.version="
        + (context.indexVersion() + 1)
        + " (under a new name, so it reads the topic from its start), and let it take over the"
        + " alias once it has caught up. Or take versions from the records, which stay comparable"
        + " across re-created topics (document.version=field:<path> or header:<name>, such as the"
        + " source database's log position, larger than the offsets already indexed), then read"
        + " the topic again from its start: PUT /connectors/"
        + connector
        + "/stop, DELETE /connectors/"
        + connector
        + "/offsets, PUT /connectors/"
        + connector
        + "/resume.";
  }
}
