package dev.unbundled.search.connector.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.client.JsonApi;
import dev.unbundled.search.connector.client.JsonRequests;
import dev.unbundled.search.connector.snapshot.SweepStamp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure each concrete index the connector writes to exists and is its own, before the first
 * write: creates it with the configured settings (plus the build phase) and mappings (configured,
 * or derived from the records' schema), with the connector's ownership in {@code _meta}; refuses an
 * index that belongs to another connector; adopts one that belongs to nobody. Indexes it creates
 * remember deletes for {@code index.deletes.retention.ms} ({@code index.gc_deletes}), and so do
 * existing ones that set no retention of their own. A schema-derived mapping then follows the
 * records' schemas as they gain fields, and refuses records of a schema it cannot take ({@link
 * SchemaMappingUpdates}).
 */
public final class IndexManager {

  private static final Logger log = LoggerFactory.getLogger(IndexManager.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What new indexes are created with, and whose they are. */
  public record Settings(
      String connector,
      int version,
      IndexSettings indexSettings,
      String indexMappings,
      boolean deriveMappings,
      boolean topicsShareIndexes,
      boolean sweepStamps) {

    public Settings(
        String connector,
        int version,
        IndexSettings indexSettings,
        String indexMappings,
        boolean deriveMappings,
        boolean topicsShareIndexes) {
      this(
          connector,
          version,
          indexSettings,
          indexMappings,
          deriveMappings,
          topicsShareIndexes,
          false);
    }

    public Settings(
        String connector,
        int version,
        IndexSettings indexSettings,
        String indexMappings,
        boolean deriveMappings) {
      this(connector, version, indexSettings, indexMappings, deriveMappings, false, false);
    }
  }

  private final JsonApi es;
  private final Settings settings;
  private final MappingDerivation derivation;
  // The topics checked into each index: a second topic into a known index is checked too.
  private final Map<String, Set<String>> known = new ConcurrentHashMap<>();
  private final SchemaMappingUpdates mappingUpdates;
  private final Optional<BucketAliases> bucketAliases;

  /**
   * @param derivation derives a mapping from the records' schema, with {@code deriveMappings}
   */
  public IndexManager(JsonApi es, Settings settings, MappingDerivation derivation) {
    this(es, settings, derivation, Optional.empty());
  }

  /**
   * @param bucketAliases with time buckets: which reader aliases a new bucket joins at birth
   */
  public IndexManager(
      JsonApi es,
      Settings settings,
      MappingDerivation derivation,
      Optional<BucketAliases> bucketAliases) {
    this.es = es;
    this.settings = settings;
    this.derivation = derivation;
    this.bucketAliases = bucketAliases;
    this.mappingUpdates =
        followsSchemas(settings)
            ? new SchemaMappingUpdates(
                SchemaMappingUpdates.Mappings.of(es), derivation, settings.connector())
            : null;
  }

  /** Mappings derived from schemas follow them; explicit ones and dynamic mapping are left be. */
  private static boolean followsSchemas(Settings settings) {
    return settings.deriveMappings() && settings.indexMappings().isBlank();
  }

  /**
   * Creates {@code index} for {@code topic} unless it exists, or checks that the existing one is
   * this connector's; safe when several tasks race to create it. With a schema-derived mapping,
   * then adds the fields that {@code valueSchema} has and the mapping lacks.
   *
   * @throws MappingConflictException when the index maps a field of {@code valueSchema} as a type
   *     that takes none of its values: that record's failure, not the task's
   * @throws IndexOwnedElsewhereException when another connector owns the index
   * @throws TopicsShareIndexException when the index holds another topic of this connector and
   *     topics may not share indexes
   * @throws IndexLostException when the index is the marker left after it was deleted
   * @throws ShardsLostException when the index is recorded to have lost primary shards
   */
  public void ensureExists(WriteTarget target, String topic, Schema valueSchema)
      throws IOException {
    if (!known.getOrDefault(target.index(), Set.of()).contains(topic)) {
      createOrCheck(target, topic, valueSchema);
    }
    if (mappingUpdates != null) {
      mappingUpdates.follow(target.index(), valueSchema);
    }
  }

  /** Whether {@link #ensureExists} has created or checked {@code target} for {@code topic}. */
  public boolean knows(WriteTarget target, String topic) {
    return known.getOrDefault(target.index(), Set.of()).contains(topic);
  }

  /**
   * Creates {@code target} for {@code topic} unless it exists, or checks the existing one, as
   * {@link #ensureExists} does, but without following the schema: safe to call from several threads
   * at once, for indexes created side by side.
   */
  public void create(WriteTarget target, String topic, Schema valueSchema) throws IOException {
    if (!knows(target, topic)) {
      createOrCheck(target, topic, valueSchema);
    }
  }

  private void createOrCheck(WriteTarget target, String topic, Schema valueSchema)
      throws IOException {
    String index = target.index();
    JsonNode existing = describe(index).orElse(null);
    if (existing == null) {
      try {
        createIndex(target, topic, valueSchema);
        remember(index, topic);
        return;
      } catch (JsonRequests.ElasticsearchError e) {
        if (e.status() == 400) {
          Optional<ReservedIndexNameException> reserved =
              ReservedIndexNameException.forRefusal(index, e);
          if (reserved.isPresent()) {
            throw reserved.get();
          }
        }
        if (!"resource_already_exists_exception".equals(e.type())) {
          throw e;
        }
        existing = describe(index).orElseThrow();
      }
    }
    verifyOwnership(index, topic, existing);
    ensureWriteAlias(target, existing.path(index).path("aliases"));
    if (settings.sweepStamps()
        && existing
            .path(index)
            .path("mappings")
            .path("properties")
            .path(SweepStamp.FIELD)
            .isMissingNode()) {
      // An index created before the sweep was turned on: its documents so far carry no stamp (and
      // are never swept); new ones do, so the field is mapped as the sweep's range query needs.
      es.send("PUT", "/" + index + "/_mapping", SweepStamp.mappingUpdate());
    }
    retainDeletes(index, existing.path(index).path("settings"));
    remember(index, topic);
  }

  private void remember(String index, String topic) {
    known.computeIfAbsent(index, i -> ConcurrentHashMap.newKeySet()).add(topic);
  }

  /** The index (or what an alias of that name points at), its settings in dotted form. */
  private Optional<JsonNode> describe(String index) throws IOException {
    return es.get("/" + index + "?flat_settings=true");
  }

  /**
   * An index the connector found without an {@code index.gc_deletes} of its own (created before the
   * connector set it, or made by hand and adopted) gets the connector's: the setting is dynamic. A
   * refusal (a metadata block, no privilege to change settings) is logged, not fatal: the index
   * then keeps the engine's default.
   */
  private void retainDeletes(String index, JsonNode flatSettings) throws IOException {
    Optional<JsonNode> retention = settings.indexSettings().deletesRetention();
    if (retention.isEmpty() || flatSettings.has(IndexSettings.GC_DELETES)) {
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    body.set(IndexSettings.GC_DELETES, retention.get());
    try {
      es.send("PUT", "/" + index + "/_settings", body);
      log.info("Set {}={} on existing index {}", IndexSettings.GC_DELETES, retention.get(), index);
    } catch (JsonRequests.ElasticsearchError e) {
      if (e.status() == 429 || e.status() >= 500) {
        throw e;
      }
      log.warn(
          "Could not set {} on index {}: {}. Deletes are remembered for the engine's default"
              + " (60 s) there.",
          IndexSettings.GC_DELETES,
          index,
          e.getMessage());
    }
  }

  /**
   * Called when a write found {@code index} gone: someone deleted it while the connector ran. Puts
   * an empty, write-blocked index of the same name in its place, so that neither this connector on
   * restart nor Elasticsearch's auto-creation can quietly start a new index that would look
   * complete while missing everything written before, and returns the failure to report.
   */
  public IndexLostException lost(String index, String topic) {
    known.remove(index);
    if (mappingUpdates != null) {
      mappingUpdates.forget(index);
    }
    ObjectNode body = JSON.createObjectNode();
    body.putObject("settings")
        .put("index.number_of_shards", 1)
        .put("index.number_of_replicas", 0)
        .put("index.blocks.write", true);
    ObjectNode marker =
        body.putObject("mappings")
            .put("dynamic", false)
            .putObject("_meta")
            .putObject(IndexLostException.META_KEY);
    marker.put("connector", settings.connector());
    marker.put("topic", topic);
    marker.put("noticed_at", Instant.now().toString());
    try {
      es.send("PUT", "/" + index, body);
      log.error("Index {} was deleted while connector {} wrote to it", index, settings.connector());
    } catch (IOException | RuntimeException e) {
      // Someone (another task, or a person) created it first: the restart check decides.
      log.warn("Could not put the marker index {} in place: {}", index, e.getMessage());
    }
    return new IndexLostException(index, settings.connector());
  }

  /**
   * The failure to report for {@code index} if its {@code _meta} records lost primary shards (the
   * life cycle records them when it finds them): writes waiting for those shards wait in vain.
   */
  public Optional<ShardsLostException> recordedLoss(String index) throws IOException {
    Optional<JsonNode> mapping = es.get("/" + index + "/_mapping");
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    return ShardsLostException.recordedFor(
        index, settings.connector(), mapping.get().path(index).path("mappings").path("_meta"));
  }

  private void createIndex(WriteTarget target, String topic, Schema valueSchema)
      throws IOException {
    String index = target.index();
    BucketAliases.Joined joined =
        target.bucket() == null || bucketAliases.isEmpty()
            ? BucketAliases.Joined.NONE
            : bucketAliases.get().forNewBucket(topic);
    boolean serving = joined.read() || joined.preview();
    ObjectNode body = JSON.createObjectNode();
    body.set(
        "settings",
        serving
            ? settings.indexSettings().forServingFromBirth()
            : settings.indexSettings().forBuilding());
    ObjectNode mappings = mappings(valueSchema);
    if (settings.sweepStamps()) {
      SweepStamp.addTo(mappings);
    }
    IndexOwnership owner = bornAs(topic, joined);
    ObjectNode meta = owner.toMeta(mappings.get("_meta"));
    if (target.bucket() != null) {
      target.bucket().addTo(meta);
    }
    mappings.set("_meta", meta);
    body.set("mappings", mappings);
    ObjectNode aliases = body.putObject("aliases");
    aliases.set(target.alias(), writeAliasDefinition());
    joined.aliases().forEach(alias -> aliases.putObject(alias));
    es.send("PUT", "/" + index, body);
    if (serving) {
      log.info(
          "Created time bucket {} for topic {} (phase {}), readable at once through {}",
          index,
          topic,
          owner.phase(),
          joined.aliases());
    } else {
      log.info(
          "Created index {} for topic {} (phase {}, refresh off and no replicas while building)",
          index,
          topic,
          Phase.BUILDING);
    }
  }

  /**
   * A new index is BUILDING; a time bucket born into an alias of its version comes with that
   * version's state (its build phase over, the alias's mark set), so that it neither holds the
   * version back in its life cycle nor makes readers wait.
   */
  private IndexOwnership bornAs(String topic, BucketAliases.Joined joined) {
    IndexOwnership owner = IndexOwnership.created(settings.connector(), topic, settings.version());
    if (!joined.read() && !joined.preview()) {
      return owner;
    }
    Instant now = Instant.now();
    // Caught up, and STANDBY until it serves readers (LIVE), as the life cycle records its
    // siblings.
    owner = owner.tuningRestored().withPhase(Phase.STANDBY);
    if (joined.preview()) {
      owner = owner.previewed(now);
    }
    return joined.read() ? owner.promoted(now) : owner;
  }

  /**
   * Indexes made by hand, or by an older version of the connector, get their write alias here:
   * through {@code _aliases}, as Elasticsearch 9's single-alias API ({@code PUT
   * /<index>/_alias/<name>}) refuses {@code is_hidden} in its body ("Unsupported field").
   */
  private void ensureWriteAlias(WriteTarget target, JsonNode aliases) throws IOException {
    if (!aliases.has(target.alias())) {
      ObjectNode body = JSON.createObjectNode();
      body.putArray("actions")
          .addObject()
          .putObject("add")
          .put("index", target.index())
          .put("alias", target.alias())
          .setAll(writeAliasDefinition());
      es.send("POST", "/_aliases", body);
      log.info("Added the write alias {} to index {}", target.alias(), target.index());
    }
  }

  private static ObjectNode writeAliasDefinition() {
    return JSON.createObjectNode().put("is_hidden", true);
  }

  private ObjectNode mappings(Schema valueSchema) {
    if (!settings.indexMappings().isBlank()) {
      try {
        return (ObjectNode) JSON.readTree(settings.indexMappings());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (settings.deriveMappings()) {
      return derivation.mappingFor(valueSchema).orElseGet(JSON::createObjectNode);
    }
    return JSON.createObjectNode();
  }

  private void verifyOwnership(String index, String topic, JsonNode indexResponse)
      throws IOException {
    Iterator<String> names = indexResponse.fieldNames();
    String concrete = names.hasNext() ? names.next() : null;
    if (!index.equals(concrete) || names.hasNext()) {
      throw new ConnectException(
          "'"
              + index
              + "' is an alias, not an index: the connector writes only to its own"
              + " concrete indexes. Change index.name.format.");
    }
    JsonNode meta = indexResponse.path(index).path("mappings").path("_meta");
    if (meta.has(IndexLostException.META_KEY)) {
      throw new IndexLostException(index, settings.connector());
    }
    Optional<ShardsLostException> lostShards =
        ShardsLostException.recordedFor(index, settings.connector(), meta);
    if (lostShards.isPresent()) {
      throw lostShards.get();
    }
    IndexOwnership owner = IndexOwnership.fromMeta(meta).orElse(null);
    if (owner == null) {
      // An index made by hand, before the connector ran: it becomes this connector's.
      IndexOwnership adopted =
          IndexOwnership.created(settings.connector(), topic, settings.version()).tuningRestored();
      ObjectNode body = JSON.createObjectNode();
      body.set("_meta", adopted.toMeta(meta));
      es.send("PUT", "/" + index + "/_mapping", body);
      log.info("Adopted index {}, which had no owner, for topic {}", index, topic);
    } else if (!owner.connector().equals(settings.connector())) {
      throw new IndexOwnedElsewhereException(index, settings.connector(), owner, topic);
    } else if (!owner.topic().isEmpty()
        && !owner.topic().equals(topic)
        && !settings.topicsShareIndexes()) {
      // Whichever of two racing tasks created the index, its _meta names one topic: the other
      // task's topic is refused here, before its first write.
      throw new TopicsShareIndexException(index, settings.connector(), owner.topic(), topic);
    }
  }
}
