package dev.unbundled.search.connector.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** What the connector does about a change-data-capture source's own behaviour. */
public final class CdcGroup {

  public static final String SNAPSHOT_SWEEP = "cdc.snapshot.sweep";
  private static final String SNAPSHOT_SWEEP_DOC =
      "Delete the documents a source snapshot proves gone. A CDC source that loses its position"
          + " (a dropped replication slot, reset offsets) takes a fresh snapshot, and rows deleted"
          + " while it was away get no delete event: their last records stay in the topic, and"
          + " without this in the index and in every rebuild. When true, every document carries"
          + " its record's Kafka timestamp in a hidden field (<code>__search_sink_ts</code>, a"
          + " <code>long</code> left out of <code>_source</code>), tasks note the snapshot markers"
          + " they write with their offset commits, and once every partition of a topic is"
          + " committed past a snapshot's last record, the connector deletes the documents of"
          + " that topic's indexes written before the snapshot began. Exact with any number of"
          + " partitions and tasks and across restarts; a snapshot that never completes deletes"
          + " nothing. Needs one table per topic (Debezium's default), the snapshot markers"
          + " (<code>cdc.snapshot.marker</code>), and record timestamps set when the source wrote"
          + " them (Connect's default). Documents written before it was turned on carry no stamp"
          + " and are never deleted by a sweep: turn it on for a new index version.";

  public static final String SNAPSHOT_MARKER = "cdc.snapshot.marker";
  private static final String SNAPSHOT_MARKER_DOC =
      "Names of the record header or top-level value field that carries Debezium's"
          + " <code>source.snapshot</code> after unwrapping (<code>first</code>,"
          + " <code>first_in_data_collection</code>, <code>true</code>,"
          + " <code>last_in_data_collection</code>, <code>last</code>): what"
          + " <code>ExtractNewRecordState</code> makes with"
          + " <code>add.headers=source.snapshot</code> or <code>add.fields=source.snapshot</code>,"
          + " and <code>CdcUnwrap</code> with <code>metadata.fields=source.snapshot</code>. A"
          + " record that was not unwrapped is read from its envelope's <code>source.snapshot</code>."
          + " Incremental snapshots are no reason to delete anything and are ignored.";

  private CdcGroup() {}

  static void define(ConfigDef def) {
    new ConfigGroup(def, "Change data capture")
        .defineBoolean(
            SNAPSHOT_SWEEP,
            false,
            Importance.MEDIUM,
            SNAPSHOT_SWEEP_DOC,
            Width.SHORT,
            "Snapshot sweep")
        .define(
            SNAPSHOT_MARKER,
            Type.LIST,
            "__source_snapshot,__snapshot",
            Importance.LOW,
            SNAPSHOT_MARKER_DOC,
            Width.MEDIUM,
            "Snapshot marker");
  }
}
