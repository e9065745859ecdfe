package dev.unbundled.search.connector.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Every setting of the sink, defined once: key, type, default, validator and the documentation the
 * reference is generated from. Nothing outside this class reads settings by key.
 */
public final class SearchSinkConfig extends AbstractConfig {

  private static final String GROUP_CONNECTION = "Connection";
  private static final String GROUP_SECURITY = "Security";
  private static final String GROUP_INDEX = "Index";
  private static final String GROUP_ALIASES = "Aliases and lifecycle";
  private static final String GROUP_KAFKA = "Kafka (for caught-up detection)";
  private static final String GROUP_DOCUMENTS = "Documents";
  private static final String GROUP_WRITES = "Writes";

  public static final String CONNECTION_URL = "connection.url";
  private static final String CONNECTION_URL_DOC =
      "Elasticsearch HTTP endpoints, comma separated, for example"
          + " <code>https://es-1:9200,https://es-2:9200</code>. Requests are spread over them.";

  public static final String CONNECTION_USERNAME = "connection.username";
  private static final String CONNECTION_USERNAME_DOC =
      "User name for HTTP basic authentication. Leave empty when Elasticsearch needs none.";

  public static final String CONNECTION_PASSWORD = "connection.password";
  private static final String CONNECTION_PASSWORD_DOC =
      "Password for HTTP basic authentication. Never logged.";

  public static final String CONNECTION_API_KEY = "connection.api.key";
  private static final String CONNECTION_API_KEY_DOC =
      "Elasticsearch API key, sent as <code>Authorization: ApiKey ...</code>: either the encoded"
          + " key as Elasticsearch returns it, or <code>id:api_key</code> (encoded by the"
          + " connector). Instead of a user name and password. Never logged.";

  public static final String CONNECTION_BEARER_TOKEN = "connection.bearer.token";
  private static final String CONNECTION_BEARER_TOKEN_DOC =
      "Bearer token (for example from a token service or an identity provider), sent as"
          + " <code>Authorization: Bearer ...</code>. Instead of a user name and password. Never"
          + " logged.";

  private static final String SSL_PREFIX = "elastic.https.ssl.";
  public static final String SSL_TRUSTSTORE_LOCATION = SSL_PREFIX + "truststore.location";
  public static final String SSL_TRUSTSTORE_PASSWORD = SSL_PREFIX + "truststore.password";
  public static final String SSL_TRUSTSTORE_TYPE = SSL_PREFIX + "truststore.type";
  public static final String SSL_KEYSTORE_LOCATION = SSL_PREFIX + "keystore.location";
  public static final String SSL_KEYSTORE_PASSWORD = SSL_PREFIX + "keystore.password";
  public static final String SSL_KEYSTORE_TYPE = SSL_PREFIX + "keystore.type";
  public static final String SSL_KEY_PASSWORD = SSL_PREFIX + "key.password";
  public static final String SSL_ENDPOINT_IDENTIFICATION =
      SSL_PREFIX + "endpoint.identification.algorithm";

  public static final String CONNECTION_TIMEOUT_MS = "connection.timeout.ms";
  private static final String CONNECTION_TIMEOUT_MS_DOC =
      "How long to wait for a TCP connection to Elasticsearch before the attempt counts as failed"
          + " and is retried.";

  public static final String READ_TIMEOUT_MS = "read.timeout.ms";
  private static final String READ_TIMEOUT_MS_DOC =
      "How long to wait for Elasticsearch to answer a request before the attempt counts as failed"
          + " and is retried. Large bulk requests on a busy cluster need more.";

  public static final String INDEX_VERSION = "index.version";
  private static final String INDEX_VERSION_DOC =
      "Version of the index this connector builds, a positive integer. It is part of the concrete"
          + " index name (see <code>index.name.format</code>): to rebuild an index with a new"
          + " mapping, create a new connector with a higher version.";

  public static final String INDEX_NAME_FORMAT = "index.name.format";
  public static final String INDEX_NAME_FORMAT_DEFAULT = "${topic}-v${version}";
  private static final String INDEX_NAME_FORMAT_DOC =
      "Name of the concrete index each topic is written to. <code>${topic}</code> is replaced by"
          + " the record's topic and <code>${version}</code> by <code>index.version</code>. The"
          + " result is made a valid Elasticsearch name: lower case, characters Elasticsearch"
          + " forbids (<code>\\ / * ? \" &lt; &gt; | , # :</code> and space) replaced by"
          + " <code>_</code>, leading <code>-_+</code> removed, cut to 255 bytes.";

  public static final String INDEX_SETTINGS = "index.settings";
  private static final String INDEX_SETTINGS_DOC =
      "Settings of new indexes, as a JSON object, for example <code>{\"number_of_shards\": 3,"
          + " \"number_of_replicas\": 1}</code>. While an index is being built it runs with"
          + " <code>refresh_interval=-1</code> and no replicas; before it gets an alias, these values"
          + " (or Elasticsearch's defaults) are restored.";

  public static final String INDEX_MAPPINGS = "index.mappings";
  private static final String INDEX_MAPPINGS_DOC =
      "Mappings of new indexes, as a JSON object (the body of <code>mappings</code>). When empty,"
          + " the mapping is derived from the records' schema (see <code>schema.ignore</code>) or"
          + " left to Elasticsearch and your index templates.";

  public static final String ALIAS_NAME_FORMAT = "alias.name.format";
  private static final String ALIAS_NAME_FORMAT_DOC =
      "Name of the read alias of each topic's index, what applications query. Placeholders and"
          + " naming rules as for <code>index.name.format</code>.";

  public static final String ALIAS_PREVIEW_NAME_FORMAT = "alias.preview.name.format";
  private static final String ALIAS_PREVIEW_NAME_FORMAT_DOC =
      "Name of a preview alias, moved to a new index as soon as it has caught up, even with"
          + " <code>alias.promotion=manual</code>, so that chosen readers can try it first. Empty"
          + " for none.";

  public static final String ALIAS_PROMOTION_MAX_LAG = "alias.promotion.max.lag";
  private static final String ALIAS_PROMOTION_MAX_LAG_DOC =
      "Largest number of records a partition may still be behind its end for the connector to"
          + " count as caught up. Independently of it, a partition also counts as caught up once"
          + " the connector has committed past the end it had at the previous check"
          + " (<code>alias.check.interval.ms</code> earlier), so steady writes cannot hold a"
          + " promotion back forever.";

  public static final String ALIAS_CHECK_INTERVAL_MS = "alias.check.interval.ms";
  private static final String ALIAS_CHECK_INTERVAL_MS_DOC =
      "How often the connector compares its committed offsets with the ends of its topics, to"
          + " tell whether it has caught up and may move aliases.";

  public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
  private static final String KAFKA_BOOTSTRAP_SERVERS_DOC =
      "Bootstrap servers of the Kafka cluster the topics live in. The connector reads its consumer"
          + " group's committed offsets and the topics' end offsets there, to know when its index"
          + " has caught up. Settings for secured clusters go in <code>kafka.admin.*</code> (for"
          + " example <code>kafka.admin.security.protocol</code>).";

  public static final String KAFKA_ADMIN_PREFIX = "kafka.admin.";

  public static final String KEY_IGNORE = "key.ignore";
  private static final String KEY_IGNORE_DOC =
      "Ignore record keys for document ids: each record becomes its own document with the id"
          + " <code>topic+partition+offset</code>, for key-less event topics. A replay writes the"
          + " same ids again, so it adds nothing.";

  public static final String DOCUMENT_ID_FIELD = "document.id.field";
  private static final String DOCUMENT_ID_FIELD_DOC =
      "Take document ids from this field of the record value (a dotted path such as"
          + " <code>customer.id</code> reaches into nested structs and maps) instead of the key."
          + " A record without the field is bad input. Cannot be combined with"
          + " <code>key.ignore=true</code>.";

  public static final String PIPELINE = "pipeline";
  private static final String PIPELINE_DOC =
      "Name of an Elasticsearch ingest pipeline to run on every written document. Empty for none.";

  public static final String SCHEMA_IGNORE = "schema.ignore";
  private static final String SCHEMA_IGNORE_DOC =
      "When false (default) and a new index is created without explicit mappings, its mapping is"
          + " derived from the record's Connect schema (text with a keyword sub-field for strings,"
          + " keyword for enums, exact numeric types, dates for temporal types, objects for"
          + " structs), so dynamic mapping does not guess wrong. When the records' schema later"
          + " gains fields, they are added to the mapping with their derived types before the first"
          + " such record is written; fields already mapped keep their type, and a record whose"
          + " value that type cannot hold fails on its own. When true, or for schemaless records,"
          + " Elasticsearch's dynamic mapping (or your index templates) decide.";

  public static final String BATCH_SIZE = "batch.size";
  private static final String BATCH_SIZE_DOC =
      "Most records in one bulk request. A request is sent when it holds this many records, when"
          + " it reaches <code>bulk.size.bytes</code>, or when Connect commits offsets.";

  public static final String BULK_SIZE_BYTES = "bulk.size.bytes";
  private static final String BULK_SIZE_BYTES_DOC =
      "Most bytes in one bulk request body. Keep it well below Elasticsearch's"
          + " <code>http.max_content_length</code> (100 MB by default).";

  public static final String LINGER_MS = "linger.ms";
  private static final String LINGER_MS_DOC =
      "Longest time a record waits for more records to fill its bulk request before the request"
          + " is sent anyway. Higher values give fuller requests when traffic is light.";

  public static final String MAX_IN_FLIGHT_REQUESTS = "max.in.flight.requests";
  private static final String MAX_IN_FLIGHT_REQUESTS_DOC =
      "Most bulk requests a task has in flight at once. Writes stay exact with any value: with"
          + " external versions order does not matter, and upserts of one document are never in"
          + " flight together.";

  public static final String MAX_BUFFERED_BYTES = "max.buffered.bytes";
  private static final String MAX_BUFFERED_BYTES_DOC =
      "Most bytes of serialized documents a task holds, in flight and waiting. When reached, the"
          + " task stops taking records from Kafka until requests complete, so memory stays bounded"
          + " whatever the topic size.";

  public static final String FLUSH_TIMEOUT_MS = "flush.timeout.ms";
  private static final String FLUSH_TIMEOUT_MS_DOC =
      "Without external versions (upserts, <code>document.version=none</code>): longest time a"
          + " task waits for its in-flight requests when partitions are revoked, so that the next"
          + " owner's writes never race its own. Records not acknowledged are never committed and"
          + " are written again by the next owner.";

  public static final String MAX_RETRIES = "max.retries";
  private static final String MAX_RETRIES_DOC =
      "How many times a bulk request is retried after a connection error, a timeout or an"
          + " overloaded-server answer (429, 502, 503, 504) before the task fails.";

  public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
  private static final String RETRY_BACKOFF_MS_DOC =
      "Wait before the first retry. Each further retry waits up to twice as long (exponential"
          + " backoff with full jitter), capped at one minute.";

  /**
   * At least 1. Unlike {@link ConfigDef.Range}, it leaves a missing or unparseable value to the
   * error ConfigDef already reports for it, so the user sees one message, not two.
   */
  private static final ConfigDef.Validator POSITIVE =
      ConfigDef.LambdaValidator.with(
          (name, value) -> {
            if (value != null && ((Number) value).longValue() < 1) {
              throw new ConfigException(name, value, "Must be a positive integer (1, 2, ...).");
            }
          },
          () -> "a positive integer");

  private static final ConfigDef.Validator NON_EMPTY_LIST =
      ConfigDef.LambdaValidator.with(
          (name, value) -> {
            if (value instanceof List<?> list && list.isEmpty()) {
              throw new ConfigException(name, value, "At least one host:port is required.");
            }
          },
          () -> "host:port pairs, comma separated");

  public static final ConfigDef CONFIG_DEF = configDef();

  public SearchSinkConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
  }

  private static ConfigDef configDef() {
    int order = 0;
    ConfigDef def = new ConfigDef();
    def.define(
            CONNECTION_URL,
            Type.LIST,
            ConfigDef.NO_DEFAULT_VALUE,
            new HttpUrlListValidator(),
            Importance.HIGH,
            CONNECTION_URL_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.LONG,
            "Elasticsearch URLs")
        .define(
            CONNECTION_USERNAME,
            Type.STRING,
            null,
            Importance.MEDIUM,
            CONNECTION_USERNAME_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.SHORT,
            "User name")
        .define(
            CONNECTION_PASSWORD,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            CONNECTION_PASSWORD_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.SHORT,
            "Password")
        .define(
            CONNECTION_TIMEOUT_MS,
            Type.INT,
            5_000,
            ConfigDef.Range.atLeast(1),
            Importance.LOW,
            CONNECTION_TIMEOUT_MS_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.SHORT,
            "Connection timeout (ms)")
        .define(
            READ_TIMEOUT_MS,
            Type.INT,
            60_000,
            ConfigDef.Range.atLeast(1),
            Importance.LOW,
            READ_TIMEOUT_MS_DOC,
            GROUP_CONNECTION,
            ++order,
            Width.SHORT,
            "Read timeout (ms)");

    order = 0;
    def.define(
            CONNECTION_API_KEY,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            CONNECTION_API_KEY_DOC,
            GROUP_SECURITY,
            ++order,
            Width.MEDIUM,
            "API key")
        .define(
            CONNECTION_BEARER_TOKEN,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            CONNECTION_BEARER_TOKEN_DOC,
            GROUP_SECURITY,
            ++order,
            Width.MEDIUM,
            "Bearer token")
        .define(
            SSL_TRUSTSTORE_LOCATION,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "Certificates to trust for <code>https://</code> URLs: a PEM file of CA certificates"
                + " (with <code>truststore.type=PEM</code>), or a JKS or PKCS12 truststore. Empty"
                + " for the JVM's default trust.",
            GROUP_SECURITY,
            ++order,
            Width.LONG,
            "Truststore")
        .define(
            SSL_TRUSTSTORE_PASSWORD,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            "Password of the JKS or PKCS12 truststore.",
            GROUP_SECURITY,
            ++order,
            Width.SHORT,
            "Truststore password")
        .define(
            SSL_TRUSTSTORE_TYPE,
            Type.STRING,
            "PEM",
            ConfigDef.CaseInsensitiveValidString.in("PEM", "JKS", "PKCS12"),
            Importance.LOW,
            "Format of the truststore: PEM, JKS or PKCS12.",
            GROUP_SECURITY,
            ++order,
            Width.SHORT,
            "Truststore type",
            ValidValues.of("PEM", "JKS", "PKCS12"))
        .define(
            SSL_KEYSTORE_LOCATION,
            Type.STRING,
            "",
            Importance.LOW,
            "A JKS or PKCS12 keystore with the client certificate and key, for clusters that"
                + " authenticate clients by certificate. Empty for none.",
            GROUP_SECURITY,
            ++order,
            Width.LONG,
            "Keystore")
        .define(
            SSL_KEYSTORE_PASSWORD,
            Type.PASSWORD,
            null,
            Importance.LOW,
            "Password of the keystore.",
            GROUP_SECURITY,
            ++order,
            Width.SHORT,
            "Keystore password")
        .define(
            SSL_KEYSTORE_TYPE,
            Type.STRING,
            "PKCS12",
            ConfigDef.CaseInsensitiveValidString.in("JKS", "PKCS12"),
            Importance.LOW,
            "Format of the keystore: JKS or PKCS12.",
            GROUP_SECURITY,
            ++order,
            Width.SHORT,
            "Keystore type",
            ValidValues.of("JKS", "PKCS12"))
        .define(
            SSL_KEY_PASSWORD,
            Type.PASSWORD,
            null,
            Importance.LOW,
            "Password of the private key in the keystore, when it differs from the keystore's.",
            GROUP_SECURITY,
            ++order,
            Width.SHORT,
            "Key password")
        .define(
            SSL_ENDPOINT_IDENTIFICATION,
            Type.STRING,
            "https",
            ConfigDef.CaseInsensitiveValidString.in("https", ""),
            Importance.LOW,
            "<code>https</code> (default) checks that the server's certificate names the host in"
                + " the URL. Empty turns hostname verification off, which lets anyone with a"
                + " certificate from a trusted CA impersonate the cluster: logged as a warning.",
            GROUP_SECURITY,
            ++order,
            Width.SHORT,
            "Hostname verification");

    order = 0;
    def.define(
            INDEX_VERSION,
            Type.INT,
            ConfigDef.NO_DEFAULT_VALUE,
            POSITIVE,
            Importance.HIGH,
            INDEX_VERSION_DOC,
            GROUP_INDEX,
            ++order,
            Width.SHORT,
            "Index version")
        .define(
            INDEX_NAME_FORMAT,
            Type.STRING,
            INDEX_NAME_FORMAT_DEFAULT,
            new ConfigDef.NonEmptyString(),
            Importance.MEDIUM,
            INDEX_NAME_FORMAT_DOC,
            GROUP_INDEX,
            ++order,
            Width.MEDIUM,
            "Index name format");

    order = 0;
    def.define(
            INDEX_SETTINGS,
            Type.STRING,
            "",
            JsonObjectValidator.INSTANCE,
            Importance.MEDIUM,
            INDEX_SETTINGS_DOC,
            GROUP_INDEX,
            3,
            Width.LONG,
            "Index settings")
        .define(
            INDEX_MAPPINGS,
            Type.STRING,
            "",
            JsonObjectValidator.INSTANCE,
            Importance.MEDIUM,
            INDEX_MAPPINGS_DOC,
            GROUP_INDEX,
            4,
            Width.LONG,
            "Index mappings")
        .define(
            ALIAS_NAME_FORMAT,
            Type.STRING,
            "${topic}",
            new ConfigDef.NonEmptyString(),
            Importance.HIGH,
            ALIAS_NAME_FORMAT_DOC,
            GROUP_ALIASES,
            ++order,
            Width.MEDIUM,
            "Read alias format")
        .define(
            ALIAS_PREVIEW_NAME_FORMAT,
            Type.STRING,
            "",
            Importance.MEDIUM,
            ALIAS_PREVIEW_NAME_FORMAT_DOC,
            GROUP_ALIASES,
            ++order,
            Width.MEDIUM,
            "Preview alias format")
        .define(
            AliasPromotion.KEY,
            Type.STRING,
            AliasPromotion.DEFAULT,
            AliasPromotion.validator(),
            Importance.HIGH,
            AliasPromotion.DOC,
            GROUP_ALIASES,
            ++order,
            Width.SHORT,
            "Alias promotion",
            ValidValues.of("auto", "manual"))
        .define(
            ALIAS_PROMOTION_MAX_LAG,
            Type.LONG,
            0L,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            ALIAS_PROMOTION_MAX_LAG_DOC,
            GROUP_ALIASES,
            ++order,
            Width.SHORT,
            "Max lag for promotion")
        .define(
            ALIAS_CHECK_INTERVAL_MS,
            Type.LONG,
            5_000L,
            ConfigDef.Range.atLeast(100),
            Importance.LOW,
            ALIAS_CHECK_INTERVAL_MS_DOC,
            GROUP_ALIASES,
            ++order,
            Width.SHORT,
            "Check interval (ms)")
        .define(
            KAFKA_BOOTSTRAP_SERVERS,
            Type.LIST,
            ConfigDef.NO_DEFAULT_VALUE,
            NON_EMPTY_LIST,
            Importance.HIGH,
            KAFKA_BOOTSTRAP_SERVERS_DOC,
            GROUP_KAFKA,
            1,
            Width.LONG,
            "Kafka bootstrap servers");

    order = 0;
    def.define(
            KEY_IGNORE,
            Type.BOOLEAN,
            false,
            Importance.MEDIUM,
            KEY_IGNORE_DOC,
            GROUP_DOCUMENTS,
            ++order,
            Width.SHORT,
            "Ignore keys",
            ValidValues.of(true, false))
        .define(
            DOCUMENT_ID_FIELD,
            Type.STRING,
            null,
            Importance.MEDIUM,
            DOCUMENT_ID_FIELD_DOC,
            GROUP_DOCUMENTS,
            ++order,
            Width.MEDIUM,
            "Document id field")
        .define(
            VersionMode.KEY,
            Type.STRING,
            VersionMode.DEFAULT,
            VersionMode.validator(),
            Importance.LOW,
            VersionMode.DOC,
            GROUP_DOCUMENTS,
            ++order,
            Width.SHORT,
            "Document version",
            ValidValues.of("auto", "offset", "none"))
        .define(
            WriteMethod.KEY,
            Type.STRING,
            WriteMethod.DEFAULT,
            WriteMethod.validator(),
            Importance.MEDIUM,
            WriteMethod.DOC,
            GROUP_DOCUMENTS,
            ++order,
            Width.SHORT,
            "Write method",
            ValidValues.of("index", "upsert"))
        .define(
            NullValueBehavior.KEY,
            Type.STRING,
            NullValueBehavior.DEFAULT,
            NullValueBehavior.validator(),
            Importance.MEDIUM,
            NullValueBehavior.DOC,
            GROUP_DOCUMENTS,
            ++order,
            Width.SHORT,
            "Behavior on null values",
            ValidValues.of("delete", "ignore", "fail"))
        .define(
            PIPELINE,
            Type.STRING,
            null,
            Importance.LOW,
            PIPELINE_DOC,
            GROUP_DOCUMENTS,
            ++order,
            Width.MEDIUM,
            "Ingest pipeline")
        .define(
            SCHEMA_IGNORE,
            Type.BOOLEAN,
            false,
            Importance.LOW,
            SCHEMA_IGNORE_DOC,
            GROUP_DOCUMENTS,
            ++order,
            Width.SHORT,
            "Ignore schemas",
            ValidValues.of(true, false));

    order = 0;
    def.define(
            BATCH_SIZE,
            Type.INT,
            2_000,
            ConfigDef.Range.between(1, 100_000),
            Importance.MEDIUM,
            BATCH_SIZE_DOC,
            GROUP_WRITES,
            ++order,
            Width.SHORT,
            "Batch size (records)")
        .define(
            BULK_SIZE_BYTES,
            Type.INT,
            5 * 1024 * 1024,
            ConfigDef.Range.between(1024, 1024 * 1024 * 1024),
            Importance.LOW,
            BULK_SIZE_BYTES_DOC,
            GROUP_WRITES,
            ++order,
            Width.SHORT,
            "Bulk size (bytes)")
        .define(
            LINGER_MS,
            Type.LONG,
            20L,
            ConfigDef.Range.between(0, 60_000),
            Importance.LOW,
            LINGER_MS_DOC,
            GROUP_WRITES,
            ++order,
            Width.SHORT,
            "Linger (ms)")
        .define(
            MAX_IN_FLIGHT_REQUESTS,
            Type.INT,
            4,
            ConfigDef.Range.between(1, 64),
            Importance.LOW,
            MAX_IN_FLIGHT_REQUESTS_DOC,
            GROUP_WRITES,
            ++order,
            Width.SHORT,
            "Max in-flight requests")
        .define(
            MAX_BUFFERED_BYTES,
            Type.LONG,
            64L * 1024 * 1024,
            ConfigDef.Range.atLeast(1024),
            Importance.LOW,
            MAX_BUFFERED_BYTES_DOC,
            GROUP_WRITES,
            ++order,
            Width.SHORT,
            "Max buffered bytes")
        .define(
            FLUSH_TIMEOUT_MS,
            Type.LONG,
            180_000L,
            ConfigDef.Range.atLeast(1),
            Importance.LOW,
            FLUSH_TIMEOUT_MS_DOC,
            GROUP_WRITES,
            ++order,
            Width.SHORT,
            "Flush timeout (ms)")
        .define(
            MAX_RETRIES,
            Type.INT,
            10,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            MAX_RETRIES_DOC,
            GROUP_WRITES,
            ++order,
            Width.SHORT,
            "Max retries")
        .define(
            RETRY_BACKOFF_MS,
            Type.LONG,
            100L,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            RETRY_BACKOFF_MS_DOC,
            GROUP_WRITES,
            ++order,
            Width.SHORT,
            "Retry backoff (ms)");
    return def;
  }

  public List<URI> connectionUrls() {
    return getList(CONNECTION_URL).stream().map(URI::create).toList();
  }

  /** The basic-auth credentials, when a user name is configured. */
  public Optional<Credentials> credentials() {
    String user = getString(CONNECTION_USERNAME);
    if (user == null || user.isBlank()) {
      return Optional.empty();
    }
    Password password = getPassword(CONNECTION_PASSWORD);
    return Optional.of(new Credentials(user, password == null ? "" : password.value()));
  }

  /** The value of the Authorization header for API-key or bearer authentication, if any. */
  public Optional<String> authorizationHeader() {
    Password apiKey = getPassword(CONNECTION_API_KEY);
    if (apiKey != null && !apiKey.value().isBlank()) {
      String key = apiKey.value().trim();
      String encoded =
          key.contains(":")
              ? java.util.Base64.getEncoder()
                  .encodeToString(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))
              : key;
      return Optional.of("ApiKey " + encoded);
    }
    Password token = getPassword(CONNECTION_BEARER_TOKEN);
    if (token != null && !token.value().isBlank()) {
      return Optional.of("Bearer " + token.value().trim());
    }
    return Optional.empty();
  }

  /** Where and how to load the certificates to trust and to present, for https URLs. */
  public TlsSettings tls() {
    return new TlsSettings(
        nonBlank(getString(SSL_TRUSTSTORE_LOCATION)),
        getString(SSL_TRUSTSTORE_TYPE).toUpperCase(Locale.ROOT),
        passwordOf(SSL_TRUSTSTORE_PASSWORD),
        nonBlank(getString(SSL_KEYSTORE_LOCATION)),
        getString(SSL_KEYSTORE_TYPE).toUpperCase(Locale.ROOT),
        passwordOf(SSL_KEYSTORE_PASSWORD),
        passwordOf(SSL_KEY_PASSWORD),
        !getString(SSL_ENDPOINT_IDENTIFICATION).isBlank());
  }

  private char[] passwordOf(String key) {
    Password password = getPassword(key);
    return password == null ? null : password.value().toCharArray();
  }

  public Duration connectionTimeout() {
    return Duration.ofMillis(getInt(CONNECTION_TIMEOUT_MS));
  }

  public Duration readTimeout() {
    return Duration.ofMillis(getInt(READ_TIMEOUT_MS));
  }

  public int indexVersion() {
    return getInt(INDEX_VERSION);
  }

  public String indexNameFormat() {
    return getString(INDEX_NAME_FORMAT);
  }

  public String indexSettings() {
    return getString(INDEX_SETTINGS).trim();
  }

  public String indexMappings() {
    return getString(INDEX_MAPPINGS).trim();
  }

  public String aliasNameFormat() {
    return getString(ALIAS_NAME_FORMAT);
  }

  public Optional<String> previewAliasNameFormat() {
    return nonBlank(getString(ALIAS_PREVIEW_NAME_FORMAT));
  }

  public AliasPromotion aliasPromotion() {
    return AliasPromotion.parse(getString(AliasPromotion.KEY));
  }

  public long promotionMaxLag() {
    return getLong(ALIAS_PROMOTION_MAX_LAG);
  }

  public Duration aliasCheckInterval() {
    return Duration.ofMillis(getLong(ALIAS_CHECK_INTERVAL_MS));
  }

  /** Admin client settings: the bootstrap servers and every {@code kafka.admin.*} setting. */
  public Map<String, Object> kafkaAdminConfig() {
    Map<String, Object> admin = new java.util.HashMap<>(originalsWithPrefix(KAFKA_ADMIN_PREFIX));
    admin.put("bootstrap.servers", String.join(",", getList(KAFKA_BOOTSTRAP_SERVERS)));
    return admin;
  }

  /** Where document ids come from. */
  public DocumentIdSource documentIdSource() {
    if (getBoolean(KEY_IGNORE)) {
      return DocumentIdSource.COORDINATES;
    }
    return documentIdField().isPresent() ? DocumentIdSource.VALUE_FIELD : DocumentIdSource.KEY;
  }

  public Optional<String> documentIdField() {
    return nonBlank(getString(DOCUMENT_ID_FIELD));
  }

  public WriteMethod writeMethod() {
    return WriteMethod.parse(getString(WriteMethod.KEY));
  }

  /** Whether writes carry the Kafka offset as external version, with {@code auto} resolved. */
  public boolean versionWithOffsets() {
    return switch (VersionMode.parse(getString(VersionMode.KEY))) {
      case OFFSET -> true;
      case NONE -> false;
      case AUTO -> writeMethod() == WriteMethod.INDEX;
    };
  }

  public VersionMode versionMode() {
    return VersionMode.parse(getString(VersionMode.KEY));
  }

  public NullValueBehavior nullValueBehavior() {
    return NullValueBehavior.parse(getString(NullValueBehavior.KEY));
  }

  public Optional<String> pipeline() {
    return nonBlank(getString(PIPELINE));
  }

  public boolean schemaIgnore() {
    return getBoolean(SCHEMA_IGNORE);
  }

  public Duration linger() {
    return Duration.ofMillis(getLong(LINGER_MS));
  }

  public int maxInFlightRequests() {
    return getInt(MAX_IN_FLIGHT_REQUESTS);
  }

  public long maxBufferedBytes() {
    return getLong(MAX_BUFFERED_BYTES);
  }

  public Duration flushTimeout() {
    return Duration.ofMillis(getLong(FLUSH_TIMEOUT_MS));
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public int batchSize() {
    return getInt(BATCH_SIZE);
  }

  public int bulkSizeBytes() {
    return getInt(BULK_SIZE_BYTES);
  }

  public int maxRetries() {
    return getInt(MAX_RETRIES);
  }

  public Duration retryBackoff() {
    return Duration.ofMillis(getLong(RETRY_BACKOFF_MS));
  }

  /** Accepts an empty value or a JSON object. */
  static final class JsonObjectValidator implements ConfigDef.Validator {
    static final JsonObjectValidator INSTANCE = new JsonObjectValidator();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
        new com.fasterxml.jackson.databind.ObjectMapper();

    @Override
    public void ensureValid(String name, Object value) {
      String text = value == null ? "" : value.toString().trim();
      if (text.isEmpty()) {
        return;
      }
      try {
        if (!JSON.readTree(text).isObject()) {
          throw new ConfigException(name, value, "Expected a JSON object, like {\"key\": 1}.");
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new ConfigException(name, value, "Not valid JSON: " + e.getOriginalMessage());
      }
    }

    @Override
    public String toString() {
      return "a JSON object, or empty";
    }
  }

  /** User name and password for basic authentication; {@link #toString()} hides the password. */
  public record Credentials(String username, String password) {
    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=[hidden]]";
    }
  }

  /** Accepts a non-empty list of absolute http or https URLs with a host. */
  static final class HttpUrlListValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      @SuppressWarnings("unchecked")
      List<String> urls = (List<String>) value;
      if (urls == null || urls.isEmpty()) {
        throw new ConfigException(name, value, "At least one Elasticsearch URL is required.");
      }
      for (String url : urls) {
        try {
          URI uri = new URI(url);
          String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
          if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new ConfigException(
                name, url, "Expected an http:// or https:// URL with a host, like http://es:9200.");
          }
        } catch (URISyntaxException e) {
          throw new ConfigException(name, url, "Not a valid URL: " + e.getReason());
        }
      }
    }

    @Override
    public String toString() {
      return "http:// or https:// URLs, comma separated";
    }
  }
}
