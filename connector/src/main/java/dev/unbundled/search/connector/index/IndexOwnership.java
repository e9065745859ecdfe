package dev.unbundled.search.connector.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * Who built an index and where it stands, kept in the index mapping's {@code _meta} under {@code
 * unbundled_search}: the record that lets a connector refuse an index that is not its own, tell
 * versions apart when moving aliases, and promote an index at most once.
 *
 * @param buildTuned whether the index was created with build-phase settings still to be restored
 * @param promotedAt when the connector moved the read alias to it, or null
 */
public record IndexOwnership(
    String connector,
    String topic,
    int version,
    Instant createdAt,
    Phase phase,
    boolean buildTuned,
    Instant previewedAt,
    Instant promotedAt) {

  /** Key of the connector's object in {@code _meta}. */
  public static final String META_KEY = "unbundled_search";

  private static final ObjectMapper JSON = new ObjectMapper();

  public static IndexOwnership created(String connector, String topic, int version) {
    return new IndexOwnership(
        connector, topic, version, Instant.now(), Phase.BUILDING, true, null, null);
  }

  /** Reads the ownership from an index's {@code _meta}, if it has one. */
  public static Optional<IndexOwnership> fromMeta(JsonNode meta) {
    JsonNode node = meta == null ? null : meta.get(META_KEY);
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    return Optional.of(
        new IndexOwnership(
            node.path("connector").asText(),
            node.path("topic").asText(),
            node.path("version").asInt(),
            instant(node, "created_at"),
            Phase.valueOf(node.path("phase").asText(Phase.BUILDING.name())),
            node.path("build_tuned").asBoolean(false),
            instant(node, "previewed_at"),
            instant(node, "promoted_at")));
  }

  private static Instant instant(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : Instant.parse(value.asText());
  }

  /** The {@code _meta} object with this ownership set, keeping any other keys of {@code meta}. */
  public ObjectNode toMeta(JsonNode meta) {
    ObjectNode merged =
        meta != null && meta.isObject() ? ((ObjectNode) meta).deepCopy() : JSON.createObjectNode();
    ObjectNode node = merged.putObject(META_KEY);
    node.put("connector", connector);
    node.put("topic", topic);
    node.put("version", version);
    node.put("created_at", createdAt == null ? null : createdAt.toString());
    node.put("phase", phase.name());
    node.put("build_tuned", buildTuned);
    node.put("previewed_at", previewedAt == null ? null : previewedAt.toString());
    node.put("promoted_at", promotedAt == null ? null : promotedAt.toString());
    return merged;
  }

  /**
   * This ownership, with the preview and promotion marks of {@code recorded} where it has none:
   * those marks are only ever set, so one recorded by someone else (the tool's {@code promote})
   * since this ownership was read must survive this write.
   */
  public IndexOwnership keepingMarksOf(IndexOwnership recorded) {
    return new IndexOwnership(
        connector,
        topic,
        version,
        createdAt,
        phase,
        buildTuned,
        previewedAt != null ? previewedAt : recorded.previewedAt(),
        promotedAt != null ? promotedAt : recorded.promotedAt());
  }

  public IndexOwnership withPhase(Phase newPhase) {
    return new IndexOwnership(
        connector, topic, version, createdAt, newPhase, buildTuned, previewedAt, promotedAt);
  }

  public IndexOwnership tuningRestored() {
    return new IndexOwnership(
        connector, topic, version, createdAt, phase, false, previewedAt, promotedAt);
  }

  public IndexOwnership previewed(Instant at) {
    return new IndexOwnership(
        connector, topic, version, createdAt, phase, buildTuned, at, promotedAt);
  }

  public IndexOwnership promoted(Instant at) {
    return new IndexOwnership(
        connector, topic, version, createdAt, Phase.LIVE, buildTuned, previewedAt, at);
  }

  /** Whether an alias readers use (read or preview) ever pointed at the index. */
  public boolean readersUseIt() {
    return promotedAt != null || previewedAt != null;
  }
}
