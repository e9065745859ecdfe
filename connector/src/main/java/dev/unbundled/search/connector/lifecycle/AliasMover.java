package dev.unbundled.search.connector.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.client.JsonApi;
import dev.unbundled.search.connector.client.JsonRequests;
import dev.unbundled.search.connector.index.IndexOwnership;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves aliases to a connector's indexes in one atomic {@code _aliases} request, only forward.
 *
 * <p>Each removal of an alias from its current index says {@code must_exist}, so if anybody moved
 * the alias since it was read (another connector, an operator), the whole request fails and nothing
 * changes; the next check reads again. Two connectors that both create a missing alias at the same
 * moment can leave it on two indexes; {@link #repair} then keeps it on the highest version only,
 * (with its time buckets), which every connector computes the same way.
 *
 * <p>Right before the request, every index an alias is to move onto must be ready for readers
 * ({@link PromotionRules#healthProblem}): a node lost between the end of the build phase and the
 * move holds the move back instead of pointing readers at a red index.
 *
 * <p>An alias is never taken from an index whose {@code _meta} records another topic (of this
 * connector or another): topics whose names fold into one alias name ({@code audit} and {@code
 * _audit}) would otherwise take each other's readers. Such a move is refused with an error in the
 * log, every time it comes up, and the index stays STANDBY. Topics that share their index on
 * purpose ({@code index.shared.topics}) share its aliases too.
 */
public final class AliasMover {

  private static final Logger log = LoggerFactory.getLogger(AliasMover.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration HEALTH_WAIT = Duration.ofSeconds(10);

  /**
   * Alias {@code alias} should point at {@code index}, of version {@code version}, for {@code
   * topic}.
   */
  record Move(String alias, String index, int version, String topic) {}

  private final JsonApi es;
  private final IndexCatalog catalog;
  private final AliasTopicGuard topics;

  /** A mover for a connector whose topics each have their own index. */
  public AliasMover(JsonApi es, IndexCatalog catalog) {
    this(es, catalog, AliasTopicGuard.SEPARATE_TOPICS);
  }

  public AliasMover(JsonApi es, IndexCatalog catalog, AliasTopicGuard topics) {
    this.es = es;
    this.catalog = catalog;
    this.topics = topics;
  }

  /**
   * Performs the moves that go forward (every current holder has a lower version, or there is
   * none), in one request.
   *
   * @param known indexes already read (the connector's own); the others holding an alias are read
   * @return the moves whose alias now points at their index (including those already there)
   */
  List<Move> moveForward(List<Move> moves, Map<String, IndexCatalog.IndexEntry> known)
      throws IOException {
    Map<String, List<String>> holders = catalog.holders(moves.stream().map(Move::alias).toList());
    Map<String, IndexCatalog.IndexEntry> indexes = withHolders(known, holders);
    Map<String, List<Move>> byAlias = new LinkedHashMap<>();
    moves.forEach(move -> byAlias.computeIfAbsent(move.alias(), a -> new ArrayList<>()).add(move));
    ArrayNode actions = JSON.createArrayNode();
    List<Move> done = new ArrayList<>();
    for (Map.Entry<String, List<Move>> group : byAlias.entrySet()) {
      String alias = group.getKey();
      List<Move> family = group.getValue();
      Move first = family.get(0);
      List<String> current = holders.get(alias);
      if (family.stream()
          .anyMatch(m -> !m.topic().equals(first.topic()) || m.version() != first.version())) {
        log.error(
            "Not moving alias {} to {}: topics written to different indexes of this connector"
                + " all have this alias name; give each its own alias with an alias format that"
                + " keeps them apart",
            alias,
            family.stream().map(Move::index).toList());
        continue;
      }
      Set<String> targets = new TreeSet<>(family.stream().map(Move::index).toList());
      Optional<String> otherTopic =
          topics.otherTopic(first.topic(), first.index(), current, indexes);
      if (otherTopic.isPresent()) {
        log.error(
            "Not moving: {}",
            AliasTopicGuard.refusal(alias, first.index(), first.topic(), otherTopic.get()));
        continue;
      }
      // Time buckets of the same version and topic that hold the alias already stay on it.
      List<String> leaving =
          current.stream()
              .filter(index -> !targets.contains(index))
              .filter(index -> !sibling(index, first, indexes))
              .toList();
      List<String> newer =
          leaving.stream().filter(index -> versionOf(index, indexes) >= first.version()).toList();
      if (!newer.isEmpty()) {
        log.info(
            "Not moving alias {} to {}: it is on {}, of the same or a higher version",
            alias,
            targets,
            newer);
        continue;
      }
      List<String> joining = targets.stream().filter(index -> !current.contains(index)).toList();
      AliasActions.move(actions, alias, leaving, joining);
      done.addAll(family);
    }
    if (actions.isEmpty()) {
      return done;
    }
    for (JsonNode action : actions) {
      String target = action.path("add").path("index").asText(null);
      if (target != null) {
        Optional<String> unready = PromotionRules.healthProblem(es, target, HEALTH_WAIT);
        if (unready.isPresent()) {
          throw new IOException("Not moving aliases " + actions + ": " + unready.get());
        }
      }
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("actions", actions);
    try {
      es.send("POST", "/_aliases", body);
    } catch (JsonRequests.ElasticsearchError e) {
      log.warn(
          "Alias move {} was not applied ({}); will read the aliases again and retry",
          actions,
          e.getMessage());
      return List.of();
    }
    log.info("Moved aliases in one request: {}", actions);
    repair(done.stream().map(Move::alias).collect(Collectors.toSet()));
    return done;
  }

  /**
   * Whether {@code index} is another time bucket of the same connector, version and topic as the
   * move's index: the alias covers all of them.
   */
  private static boolean sibling(
      String index, Move move, Map<String, IndexCatalog.IndexEntry> indexes) {
    Optional<IndexOwnership> owner = ownerOf(index, indexes);
    Optional<IndexOwnership> moving = ownerOf(move.index(), indexes);
    return owner.isPresent()
        && moving.isPresent()
        && owner.get().connector().equals(moving.get().connector())
        && owner.get().version() == move.version()
        && owner.get().topic().equals(move.topic());
  }

  /** Whether two indexes are time buckets of one connector's version of one topic. */
  private static boolean sameFamily(
      String index, String other, Map<String, IndexCatalog.IndexEntry> indexes) {
    Optional<IndexOwnership> owner = ownerOf(other, indexes);
    return owner.isPresent()
        && sibling(index, new Move("", other, owner.get().version(), owner.get().topic()), indexes);
  }

  private static Optional<IndexOwnership> ownerOf(
      String index, Map<String, IndexCatalog.IndexEntry> indexes) {
    IndexCatalog.IndexEntry entry = indexes.get(index);
    return entry == null ? Optional.empty() : entry.ownership();
  }

  /** Leaves each alias that ended on several indexes on the one with the highest version. */
  void repair(Set<String> aliases) throws IOException {
    // Fresh: a competitor's index may be newer than what the caller read.
    Map<String, List<String>> holders = catalog.holders(List.copyOf(aliases));
    Map<String, IndexCatalog.IndexEntry> indexes = withHolders(Map.of(), holders);
    ArrayNode actions = JSON.createArrayNode();
    holders.forEach(
        (alias, current) -> {
          if (current.size() > 1) {
            String keep =
                current.stream()
                    .max(
                        Comparator.comparingInt((String index) -> versionOf(index, indexes))
                            .thenComparing(index -> index))
                    .orElseThrow();
            current.stream()
                .filter(index -> !index.equals(keep) && !sameFamily(index, keep, indexes))
                .forEach(
                    index ->
                        actions
                            .addObject()
                            .putObject("remove")
                            .put("index", index)
                            .put("alias", alias));
          }
        });
    if (!actions.isEmpty()) {
      ObjectNode body = JSON.createObjectNode();
      body.set("actions", actions);
      es.send("POST", "/_aliases", body);
      log.warn("An alias was on several indexes after concurrent moves; repaired with {}", actions);
    }
  }

  /** {@code known}, and the other indexes that hold the aliases, read now. */
  private Map<String, IndexCatalog.IndexEntry> withHolders(
      Map<String, IndexCatalog.IndexEntry> known, Map<String, List<String>> holders)
      throws IOException {
    Set<String> others = new TreeSet<>();
    holders.values().forEach(others::addAll);
    others.removeAll(known.keySet());
    Map<String, IndexCatalog.IndexEntry> indexes = new HashMap<>(known);
    indexes.putAll(catalog.entries(others));
    return indexes;
  }

  private static int versionOf(String index, Map<String, IndexCatalog.IndexEntry> indexes) {
    IndexCatalog.IndexEntry entry = indexes.get(index);
    return entry == null ? 0 : entry.ownership().map(IndexOwnership::version).orElse(0);
  }
}
