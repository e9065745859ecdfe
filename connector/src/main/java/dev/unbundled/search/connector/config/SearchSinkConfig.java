package dev.unbundled.search.connector.config;

import dev.unbundled.search.connector.index.BucketFormat;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * The sink's configuration, read through typed accessors. Each setting is defined once, with its
 * key, type, default, validator and the documentation the reference is generated from, in the group
 * class it belongs to ({@link ConnectionGroup}, {@link SecurityGroup}, {@link IndexGroup}, {@link
 * AliasGroup}, {@link KafkaGroup}, {@link DocumentGroup}, {@link WriteGroup}); this class composes
 * them. Nothing outside this package reads settings by key.
 */
public final class SearchSinkConfig extends AbstractConfig {

  public static final ConfigDef CONFIG_DEF = configDef();

  public SearchSinkConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
  }

  private static ConfigDef configDef() {
    ConfigDef def = new ConfigDef();
    // The order here is the order of the groups in the reference.
    ConnectionGroup.define(def);
    SecurityGroup.define(def);
    IndexGroup.define(def);
    AliasGroup.define(def);
    KafkaGroup.define(def);
    DocumentGroup.define(def);
    WriteGroup.define(def);
    CdcGroup.define(def);
    return def;
  }

  // Connection and security

  public List<URI> connectionUrls() {
    return getList(ConnectionGroup.CONNECTION_URL).stream().map(URI::create).toList();
  }

  /** The basic-auth credentials, when a user name is configured. */
  public Optional<Credentials> credentials() {
    // The password is taken as it is: spaces may be part of it.
    Password password = getPassword(ConnectionGroup.CONNECTION_PASSWORD);
    return nonBlank(getString(ConnectionGroup.CONNECTION_USERNAME))
        .map(user -> new Credentials(user, password == null ? "" : password.value()));
  }

  /** Whether a password is set, with or without a user name. */
  boolean hasPassword() {
    Password password = getPassword(ConnectionGroup.CONNECTION_PASSWORD);
    return password != null && !password.value().isEmpty();
  }

  /** The API key, as configured (encoded, or {@code id:api_key}). */
  public Optional<String> apiKey() {
    return secret(SecurityGroup.CONNECTION_API_KEY);
  }

  public Optional<String> bearerToken() {
    return secret(SecurityGroup.CONNECTION_BEARER_TOKEN);
  }

  public AuthType authType() {
    return AuthType.parse(getString(AuthType.KEY));
  }

  /** The {@code aws.region} setting, empty when not set. */
  String awsRegion() {
    return getString(SecurityGroup.AWS_REGION).trim();
  }

  /** How to sign requests, when {@code connection.auth.type=aws-sigv4}. */
  public Optional<AwsSigning> awsSigning() {
    if (authType() != AuthType.AWS_SIGV4) {
      return Optional.empty();
    }
    return Optional.of(
        new AwsSigning(
            awsRegion(),
            getString(SecurityGroup.AWS_SERVICE).trim().toLowerCase(Locale.ROOT),
            nonBlank(getString(SecurityGroup.AWS_ROLE_ARN)).map(String::trim),
            getString(SecurityGroup.AWS_ROLE_SESSION_NAME).trim()));
  }

  /** Where and how to load the certificates to trust and to present, for https URLs. */
  public TlsSettings tls() {
    return new TlsSettings(
        nonBlank(getString(SecurityGroup.SSL_TRUSTSTORE_LOCATION)),
        getString(SecurityGroup.SSL_TRUSTSTORE_TYPE).toUpperCase(Locale.ROOT),
        passwordChars(SecurityGroup.SSL_TRUSTSTORE_PASSWORD),
        nonBlank(getString(SecurityGroup.SSL_KEYSTORE_LOCATION)),
        getString(SecurityGroup.SSL_KEYSTORE_TYPE).toUpperCase(Locale.ROOT),
        passwordChars(SecurityGroup.SSL_KEYSTORE_PASSWORD),
        passwordChars(SecurityGroup.SSL_KEY_PASSWORD),
        !getString(SecurityGroup.SSL_ENDPOINT_IDENTIFICATION).isBlank());
  }

  public Duration connectionTimeout() {
    return Duration.ofMillis(getInt(ConnectionGroup.CONNECTION_TIMEOUT_MS));
  }

  public Duration readTimeout() {
    return Duration.ofMillis(getInt(ConnectionGroup.READ_TIMEOUT_MS));
  }

  // Index

  public int indexVersion() {
    return getInt(IndexGroup.INDEX_VERSION);
  }

  public String indexNameFormat() {
    return getString(IndexGroup.INDEX_NAME_FORMAT);
  }

  /**
   * Whether topics whose names fold into one index name may share that index: declared with {@code
   * index.shared.topics}, or by an {@code index.name.format} without {@code ${topic}}.
   */
  public boolean topicsShareIndexes() {
    return indexSharingDeclared() || !indexNameFormat().contains("${topic}");
  }

  /** The {@code index.shared.topics} setting itself. */
  boolean indexSharingDeclared() {
    return getBoolean(IndexGroup.INDEX_SHARED_TOPICS);
  }

  public String indexSettings() {
    return getString(IndexGroup.INDEX_SETTINGS).trim();
  }

  public String indexMappings() {
    return getString(IndexGroup.INDEX_MAPPINGS).trim();
  }

  /** How long the engine remembers deleted documents' versions ({@code index.gc_deletes}). */
  public Duration deletesRetention() {
    return Duration.ofMillis(getLong(IndexGroup.INDEX_DELETES_RETENTION_MS));
  }

  /** The value field whose time picks a record's time bucket; empty for the Kafka timestamp. */
  public Optional<String> indexTimeField() {
    return nonBlank(getString(IndexGroup.INDEX_TIME_FIELD)).map(String::trim);
  }

  /** Whether index names carry a time bucket ({@code ${time:...}}). */
  public boolean timeBucketed() {
    return BucketFormat.inFormat(indexNameFormat());
  }

  /** How long time buckets are kept; empty to keep them all. */
  public Optional<Duration> indexRetention() {
    long ms = getLong(IndexGroup.INDEX_RETENTION_MS);
    return ms < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
  }

  // Aliases and life cycle

  public String aliasNameFormat() {
    return getString(AliasGroup.ALIAS_NAME_FORMAT);
  }

  public Optional<String> previewAliasNameFormat() {
    return nonBlank(getString(AliasGroup.ALIAS_PREVIEW_NAME_FORMAT));
  }

  public AliasPromotion aliasPromotion() {
    return AliasPromotion.SETTING.parse(getString(AliasPromotion.KEY));
  }

  public long promotionMaxLag() {
    return getLong(AliasGroup.ALIAS_PROMOTION_MAX_LAG);
  }

  public Duration aliasCheckInterval() {
    return Duration.ofMillis(getLong(AliasGroup.ALIAS_CHECK_INTERVAL_MS));
  }

  /** How long a primary shard may have no copy anywhere before its documents count as lost. */
  public Duration lostPrimaryTimeout() {
    return Duration.ofMillis(getLong(AliasGroup.INDEX_LOST_PRIMARY_TIMEOUT_MS));
  }

  // Kafka

  /** Admin client settings: the bootstrap servers and every {@code kafka.admin.*} setting. */
  public Map<String, Object> kafkaAdminConfig() {
    Map<String, Object> admin = new HashMap<>(originalsWithPrefix(KafkaGroup.KAFKA_ADMIN_PREFIX));
    admin.put("bootstrap.servers", String.join(",", getList(KafkaGroup.KAFKA_BOOTSTRAP_SERVERS)));
    return admin;
  }

  // Documents

  /** Where document ids come from. */
  public DocumentIdSource documentIdSource() {
    if (keyIgnored()) {
      return DocumentIdSource.COORDINATES;
    }
    return documentIdField().isPresent() ? DocumentIdSource.VALUE_FIELD : DocumentIdSource.KEY;
  }

  boolean keyIgnored() {
    return getBoolean(DocumentGroup.KEY_IGNORE);
  }

  public Optional<String> documentIdField() {
    return nonBlank(getString(DocumentGroup.DOCUMENT_ID_FIELD));
  }

  public WriteMethod writeMethod() {
    return WriteMethod.SETTING.parse(getString(WriteMethod.KEY));
  }

  /** Where write versions come from, with {@code auto} resolved for the write method. */
  public DocumentVersion documentVersion() {
    return DocumentVersion.parse(getString(DocumentVersion.KEY)).resolve(writeMethod());
  }

  /** The {@code document.version} setting as configured, before {@code auto} is resolved. */
  DocumentVersion configuredDocumentVersion() {
    return DocumentVersion.parse(getString(DocumentVersion.KEY));
  }

  /** Whether writes carry the Kafka offset as external version, with {@code auto} resolved. */
  public boolean versionWithOffsets() {
    return documentVersion().source() == DocumentVersion.Source.OFFSET;
  }

  /** Where each write's {@code _routing} comes from; empty for no routing. */
  public Optional<RoutingField> routingField() {
    return RoutingField.parse(getString(RoutingField.KEY));
  }

  public NullValueBehavior nullValueBehavior() {
    return NullValueBehavior.SETTING.parse(getString(NullValueBehavior.KEY));
  }

  public Optional<String> pipeline() {
    return nonBlank(getString(DocumentGroup.PIPELINE));
  }

  public boolean schemaIgnore() {
    return getBoolean(DocumentGroup.SCHEMA_IGNORE);
  }

  // Change data capture

  /** Whether documents a completed source snapshot did not write again are deleted. */
  public boolean snapshotSweep() {
    return getBoolean(CdcGroup.SNAPSHOT_SWEEP);
  }

  /** Where snapshot markers are looked for: header or value field names. */
  public List<String> snapshotMarkerNames() {
    return getList(CdcGroup.SNAPSHOT_MARKER);
  }

  // Writes

  public int batchSize() {
    return getInt(WriteGroup.BATCH_SIZE);
  }

  public int bulkSizeBytes() {
    return getInt(WriteGroup.BULK_SIZE_BYTES);
  }

  public Duration linger() {
    return Duration.ofMillis(getLong(WriteGroup.LINGER_MS));
  }

  public int maxInFlightRequests() {
    return getInt(WriteGroup.MAX_IN_FLIGHT_REQUESTS);
  }

  public boolean adaptiveConcurrency() {
    return getBoolean(WriteGroup.ADAPTIVE_CONCURRENCY);
  }

  public long maxBufferedBytes() {
    return getLong(WriteGroup.MAX_BUFFERED_BYTES);
  }

  public Duration flushTimeout() {
    return Duration.ofMillis(getLong(WriteGroup.FLUSH_TIMEOUT_MS));
  }

  public int maxRetries() {
    return getInt(WriteGroup.MAX_RETRIES);
  }

  /**
   * How long a task waits with no write acknowledged before it fails; empty for forever ({@code
   * write.stall.timeout.ms=-1}).
   */
  public Optional<Duration> writeStallTimeout() {
    long millis = getLong(WriteGroup.WRITE_STALL_TIMEOUT_MS);
    return millis < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
  }

  public Duration retryBackoff() {
    return Duration.ofMillis(getLong(WriteGroup.RETRY_BACKOFF_MS));
  }

  /** A secret that is a single token, so surrounding spaces are typing accidents. */
  private Optional<String> secret(String key) {
    Password password = getPassword(key);
    return password == null ? Optional.empty() : nonBlank(password.value());
  }

  private char[] passwordChars(String key) {
    Password password = getPassword(key);
    return password == null ? null : password.value().toCharArray();
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /** User name and password for basic authentication; {@link #toString()} hides the password. */
  public record Credentials(String username, String password) {
    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=[hidden]]";
    }
  }
}
