package dev.unbundled.search.tool.rebuild;

import dev.unbundled.search.connector.config.IndexGroup;
import dev.unbundled.search.connector.config.KafkaGroup;
import dev.unbundled.search.connector.index.IndexLostException;
import dev.unbundled.search.connector.index.IndexNames;
import dev.unbundled.search.connector.index.IndexOwnership;
import dev.unbundled.search.connector.lifecycle.IndexCatalog;
import dev.unbundled.search.connector.offset.CommittedOffsets;
import dev.unbundled.search.tool.ToolException;
import dev.unbundled.search.tool.connect.ConfigValidation;
import dev.unbundled.search.tool.connect.ConnectClient;
import dev.unbundled.search.tool.session.SearchIndexes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A rebuild, checked before anything is created: reads the old connector through Connect, derives
 * the new one ({@link ReindexPlan}), has Connect validate it, and refuses what would do harm: a
 * taken name, an index that belongs to another connector, a version that would never be promoted, a
 * consumer group shared with the old connector (the new one would not start from offset zero).
 */
public final class Reindex {

  /**
   * Prefixes of keys passed on to clients, converters or Connect's overrides, whose settings no
   * definition lists one by one: a key under them is not called unknown.
   */
  private static final List<String> PASSED_ON =
      List.of(
          KafkaGroup.KAFKA_ADMIN_PREFIX,
          "consumer.override.",
          "producer.override.",
          "admin.override.",
          "key.converter.",
          "value.converter.",
          "header.converter.");

  /**
   * What a rebuild would do, and every reason not to do it.
   *
   * @param errors per key: Connect's validation errors, and keys set that nothing defines
   * @param refusals other reasons not to create the connector
   * @param warnings what the operator should know but does not stop the rebuild
   * @param indexes the indexes the new connector will write, as far as its topics are known
   */
  public record Prepared(
      ReindexPlan plan,
      List<ConfigDiff.Change> changes,
      Map<String, List<String>> errors,
      List<String> refusals,
      List<String> warnings,
      List<String> indexes) {

    public boolean ok() {
      return errors.isEmpty() && refusals.isEmpty();
    }

    /** The same, refused for {@code reason} too. */
    public Prepared refusedFor(String reason) {
      List<String> more = new ArrayList<>(refusals);
      more.add(reason);
      return new Prepared(plan, changes, errors, List.copyOf(more), warnings, indexes);
    }
  }

  /** What a Connect that hides secrets in configurations shows instead of them. */
  private static final Pattern MASKED = Pattern.compile("\\[hidden]|\\*{3,}");

  private final ConnectClient connect;
  private final SearchIndexes.Opener elasticsearch;

  public Reindex(ConnectClient connect, SearchIndexes.Opener elasticsearch) {
    this.connect = connect;
    this.elasticsearch = elasticsearch;
  }

  /**
   * @param name the new connector's name, or null to derive it from the old one
   * @throws ToolException when the old connector is missing or not ours, or the arguments cannot
   *     apply to it
   */
  public Prepared prepare(String from, ConfigOverrides overrides, String name)
      throws IOException, InterruptedException {
    Map<String, String> old = connect.searchSinkConfig(from);
    ReindexPlan plan = ReindexPlan.derive(from, old, overrides, name);
    ConfigValidation validation = connect.validate(plan.connectorClass(), plan.newConfig());
    Map<String, List<String>> errors = new TreeMap<>(validation.errors());
    for (String key : overrides.set().keySet()) {
      if (!validation.definedKeys().contains(key)
          && PASSED_ON.stream().noneMatch(key::startsWith)) {
        errors
            .computeIfAbsent(key, k -> new ArrayList<>())
            .add(unknownKey(key, validation.definedKeys()));
      }
    }
    List<String> refusals = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (connect.exists(plan.to())) {
      refusals.add("connector " + plan.to() + " already exists (choose another with --name)");
    }
    if (plan.toVersion() <= plan.fromVersion()) {
      refusals.add(
          "index.version "
              + plan.toVersion()
              + " is not above "
              + from
              + "'s "
              + plan.fromVersion()
              + ": aliases only move forward, so the new index would never be promoted");
    }
    String oldGroup = CommittedOffsets.groupId(from, old);
    if (oldGroup.equals(CommittedOffsets.groupId(plan.to(), plan.newConfig()))) {
      refusals.add(
          "the new connector would share the consumer group "
              + oldGroup
              + " with "
              + from
              + " and start from its offsets instead of offset zero: --set"
              + " consumer.override.group.id=<new group> or --unset consumer.override.group.id");
    }
    Predicate<String> secret = SecretKeys.of(validation);
    for (Map.Entry<String, String> entry : plan.newConfig().entrySet()) {
      if (secret.test(entry.getKey())
          && !overrides.set().containsKey(entry.getKey())
          && MASKED.matcher(entry.getValue()).matches()) {
        refusals.add(
            "Kafka Connect hides the value of "
                + entry.getKey()
                + " ("
                + entry.getValue()
                + "), so it cannot be copied: give it again with --set "
                + entry.getKey()
                + "=... (or a config provider placeholder)");
      }
    }
    List<String> indexes = List.of();
    if (errors.isEmpty()) {
      indexes = checkIndexes(plan, refusals, warnings);
    }
    return new Prepared(
        plan,
        plan.changes(secret),
        Collections.unmodifiableMap(errors),
        List.copyOf(refusals),
        List.copyOf(warnings),
        indexes);
  }

  /**
   * Creates the new connector.
   *
   * @return false when a connector of that name appeared since {@link #prepare}
   */
  public boolean create(Prepared prepared) throws IOException, InterruptedException {
    return connect.create(prepared.plan().to(), prepared.plan().newConfig());
  }

  /**
   * Creates the new connector stopped, sets its offsets to {@code start}, and resumes it: it reads
   * from there instead of offset zero.
   *
   * @return false when a connector of that name appeared since {@link #prepare}
   */
  public boolean createFrom(
      Prepared prepared, Map<org.apache.kafka.common.TopicPartition, Long> start)
      throws IOException, InterruptedException {
    String name = prepared.plan().to();
    if (!connect.createStopped(name, prepared.plan().newConfig())) {
      return false;
    }
    connect.alterOffsets(name, start);
    connect.resume(name);
    return true;
  }

  /**
   * The indexes the new connector will write, each checked: one another connector owns refuses the
   * rebuild. Topics come from {@code topics}, and from the indexes the old connector wrote (which
   * covers {@code topics.regex} and topics renamed by transforms) when the new one reads the same
   * topics or they match its {@code topics.regex}.
   */
  private List<String> checkIndexes(ReindexPlan plan, List<String> refusals, List<String> warnings)
      throws IOException {
    Map<String, String> config = plan.newConfig();
    try (SearchIndexes cluster = elasticsearch.open(plan.to(), config)) {
      Map<String, IndexCatalog.IndexEntry> catalog = cluster.indexes();
      TreeSet<String> topics = new TreeSet<>();
      Arrays.stream(config.getOrDefault("topics", "").split(","))
          .map(String::strip)
          .filter(topic -> !topic.isEmpty())
          .forEach(topics::add);
      boolean sameTopics =
          Objects.equals(config.get("topics"), plan.oldConfig().get("topics"))
              && Objects.equals(config.get("topics.regex"), plan.oldConfig().get("topics.regex"));
      Pattern regex =
          config.getOrDefault("topics.regex", "").isBlank()
              ? null
              : Pattern.compile(config.get("topics.regex"));
      catalog.values().stream()
          .flatMap(index -> index.ownership().stream())
          .filter(owner -> owner.connector().equals(plan.from()))
          .map(IndexOwnership::topic)
          // With the same subscription v2 writes what v1 wrote (topics renamed by transforms too).
          .filter(topic -> sameTopics || (regex != null && regex.matcher(topic).matches()))
          .forEach(topics::add);
      if (config.containsKey("topics.regex") && !config.get("topics.regex").isBlank()) {
        warnings.add(
            "the topics come from topics.regex: indexes of topics "
                + plan.from()
                + " has not written yet were not checked");
      }
      IndexNames names =
          new IndexNames(
              config.getOrDefault(
                  IndexGroup.INDEX_NAME_FORMAT, IndexGroup.INDEX_NAME_FORMAT_DEFAULT),
              plan.toVersion());
      // With time buckets, a topic's name is a wildcard over its buckets, and each existing
      // bucket of the new version is checked.
      TreeSet<String> indexes = new TreeSet<>();
      topics.forEach(topic -> indexes.add(names.familyName(topic)));
      TreeSet<String> existingIndexes = new TreeSet<>();
      for (String topic : topics) {
        catalog.keySet().stream()
            .filter(index -> names.isIndexOf(topic, index))
            .forEach(existingIndexes::add);
      }
      for (String index : existingIndexes) {
        IndexCatalog.IndexEntry existing = catalog.get(index);
        Optional<IndexOwnership> owner = existing.ownership();
        if (owner.isPresent() && owner.get().connector().equals(plan.to())) {
          warnings.add(
              "index "
                  + index
                  + " already belongs to "
                  + plan.to()
                  + " (an earlier connector of that name): the new one goes on from that"
                  + " connector's committed offsets");
        } else if (owner.isPresent()) {
          refusals.add(
              "index "
                  + index
                  + " already exists and belongs to connector "
                  + owner.get().connector()
                  + " (version "
                  + owner.get().version()
                  + ")"
                  + (owner.get().connector().equals(plan.from())
                      ? ": index.name.format must contain ${version}"
                      : ": choose another version with --set index.version=N"));
        } else if (existing.meta() != null && existing.meta().has(IndexLostException.META_KEY)) {
          refusals.add(
              "index "
                  + index
                  + " is the marker of an index deleted while a connector wrote to it: delete it"
                  + " first, or choose another version");
        } else {
          warnings.add(
              "index "
                  + index
                  + " exists without an owner: the new connector adopts it, with what it holds");
        }
      }
      return List.copyOf(indexes);
    }
  }

  private static String unknownKey(String key, Set<String> defined) {
    String nearest = null;
    int best = Integer.MAX_VALUE;
    for (String candidate : defined) {
      int distance = distance(key, candidate);
      if (distance < best) {
        best = distance;
        nearest = candidate;
      }
    }
    return "unknown key: neither the connector, Kafka Connect nor the transforms define it"
        + (nearest != null && best <= Math.max(2, key.length() / 4)
            ? " (did you mean " + nearest + "?)"
            : "");
  }

  /** Edit distance, for suggesting the key that was probably meant. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
