package dev.unbundled.search.connector.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The Kafka cluster the connector reads offsets from to tell when it has caught up. Besides the
 * bootstrap servers, any {@code kafka.admin.*} setting is passed to its admin client and consumer
 * without the prefix (security protocol, SASL, truststore), so it is not a defined key.
 */
public final class KafkaGroup {

  public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
  private static final String KAFKA_BOOTSTRAP_SERVERS_DOC =
      "Bootstrap servers of the Kafka cluster the topics live in. The connector reads its consumer"
          + " group's committed offsets and the topics' end offsets there, to know when its index"
          + " has caught up. Settings for secured clusters go in <code>kafka.admin.*</code> (for"
          + " example <code>kafka.admin.security.protocol</code>).";

  public static final String KAFKA_ADMIN_PREFIX = "kafka.admin.";

  private KafkaGroup() {}

  static void define(ConfigDef def) {
    new ConfigGroup(def, "Kafka (for caught-up detection)")
        .define(
            KAFKA_BOOTSTRAP_SERVERS,
            Type.LIST,
            ConfigDef.NO_DEFAULT_VALUE,
            Validators.NON_EMPTY_LIST,
            Importance.HIGH,
            KAFKA_BOOTSTRAP_SERVERS_DOC,
            Width.LONG,
            "Kafka bootstrap servers");
  }
}
