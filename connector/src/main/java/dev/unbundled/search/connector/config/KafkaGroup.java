package dev.unbundled.search.connector.config;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The Kafka cluster the connector reads offsets from to tell when it has caught up. Every {@code
 * kafka.admin.*} setting is passed to its admin client and consumer without the prefix. The ones a
 * secured cluster needs are defined here, so that validation can report a problem on the right key
 * and Connect hides the secrets: each setting Kafka's admin client itself takes as a password (the
 * JAAS configuration, store passwords, PEM keys) is a {@code PASSWORD} here too, never logged.
 */
public final class KafkaGroup {

  public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
  private static final String KAFKA_BOOTSTRAP_SERVERS_DOC =
      "Bootstrap servers of the Kafka cluster the topics live in. The connector reads its consumer"
          + " group's committed offsets and the topics' end offsets there, to know when its index"
          + " has caught up. Settings for secured clusters go in <code>kafka.admin.*</code> (for"
          + " example <code>kafka.admin.security.protocol</code>); validation connects with them.";

  public static final String KAFKA_ADMIN_PREFIX = "kafka.admin.";

  public static final String SECURITY_PROTOCOL = KAFKA_ADMIN_PREFIX + "security.protocol";
  public static final String SASL_MECHANISM = KAFKA_ADMIN_PREFIX + "sasl.mechanism";
  public static final String SASL_JAAS_CONFIG = KAFKA_ADMIN_PREFIX + "sasl.jaas.config";
  public static final String SSL_TRUSTSTORE_LOCATION =
      KAFKA_ADMIN_PREFIX + "ssl.truststore.location";
  public static final String SSL_TRUSTSTORE_TYPE = KAFKA_ADMIN_PREFIX + "ssl.truststore.type";
  public static final String SSL_KEYSTORE_LOCATION = KAFKA_ADMIN_PREFIX + "ssl.keystore.location";
  public static final String SSL_KEYSTORE_TYPE = KAFKA_ADMIN_PREFIX + "ssl.keystore.type";

  private KafkaGroup() {}

  static void define(ConfigDef def) {
    ConfigGroup group =
        new ConfigGroup(def, "Kafka (for caught-up detection)")
            .define(
                KAFKA_BOOTSTRAP_SERVERS,
                Type.LIST,
                ConfigDef.NO_DEFAULT_VALUE,
                Validators.NON_EMPTY_LIST,
                Importance.HIGH,
                KAFKA_BOOTSTRAP_SERVERS_DOC,
                Width.LONG,
                "Kafka bootstrap servers")
            .defineChoice(
                SECURITY_PROTOCOL,
                "PLAINTEXT",
                Importance.MEDIUM,
                "How the admin client talks to the brokers: PLAINTEXT, SSL, SASL_PLAINTEXT or"
                    + " SASL_SSL (Kafka's <code>security.protocol</code>).",
                Width.SHORT,
                "Kafka security protocol",
                "PLAINTEXT",
                "SSL",
                "SASL_PLAINTEXT",
                "SASL_SSL")
            .define(
                SASL_MECHANISM,
                Type.STRING,
                "GSSAPI",
                Importance.MEDIUM,
                "SASL mechanism, such as SCRAM-SHA-512, SCRAM-SHA-256, PLAIN or OAUTHBEARER"
                    + " (Kafka's <code>sasl.mechanism</code>).",
                Width.SHORT,
                "Kafka SASL mechanism")
            .define(
                SSL_TRUSTSTORE_LOCATION,
                Type.STRING,
                "",
                Importance.MEDIUM,
                "Truststore with the CA that signed the brokers' certificates (Kafka's"
                    + " <code>ssl.truststore.location</code>). Empty for the JVM's default trust.",
                Width.LONG,
                "Kafka truststore")
            .define(
                SSL_TRUSTSTORE_TYPE,
                Type.STRING,
                "JKS",
                Importance.LOW,
                "Format of the truststore: JKS, PKCS12 or PEM.",
                Width.SHORT,
                "Kafka truststore type")
            .define(
                SSL_KEYSTORE_LOCATION,
                Type.STRING,
                "",
                Importance.LOW,
                "Keystore with the client certificate, for brokers that authenticate clients by"
                    + " certificate (mutual TLS).",
                Width.LONG,
                "Kafka keystore")
            .define(
                SSL_KEYSTORE_TYPE,
                Type.STRING,
                "JKS",
                Importance.LOW,
                "Format of the keystore: JKS, PKCS12 or PEM.",
                Width.SHORT,
                "Kafka keystore type");
    secrets()
        .forEach(
            (key, doc) ->
                group.define(
                    KAFKA_ADMIN_PREFIX + key,
                    Type.PASSWORD,
                    null,
                    key.equals("sasl.jaas.config") ? Importance.MEDIUM : Importance.LOW,
                    doc
                        + " A secret (Kafka's <code>"
                        + key
                        + "</code>): hidden in Connect's answers, never logged.",
                    Width.LONG,
                    "Kafka " + key));
  }

  /** The admin client's own password settings, by name, with Kafka's documentation of each. */
  private static Map<String, String> secrets() {
    Map<String, String> secrets = new TreeMap<>();
    AdminClientConfig.configDef()
        .configKeys()
        .forEach(
            (name, key) -> {
              if (key.type == Type.PASSWORD) {
                secrets.put(name, key.documentation);
              }
            });
    return secrets;
  }
}
