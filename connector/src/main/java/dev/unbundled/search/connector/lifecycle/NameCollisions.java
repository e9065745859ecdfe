package dev.unbundled.search.connector.lifecycle;

import dev.unbundled.search.connector.config.AliasGroup;
import dev.unbundled.search.connector.config.ConfigCombinations.Problem;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.index.IndexNames;
import dev.unbundled.search.connector.index.NameFormat;
import dev.unbundled.search.connector.index.TopicsShareIndexException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Topics of {@code topics} whose names fold into one index name or one alias name under the naming
 * rules (lower case, leading {@code -_+} removed): {@code audit} and {@code _audit}, {@code Orders}
 * and {@code orders}. Two topics in one index overwrite each other's documents of the same key, and
 * an alias the connector moves to two indexes in turn serves one topic at a time; both are refused
 * unless the topics share the index on purpose ({@code index.shared.topics}). Topics that {@code
 * topics.regex} brings are not known here: the index's recorded topic catches them at run time
 * ({@code TopicsShareIndexException}), and the alias mover's topic guard catches their aliases.
 */
public final class NameCollisions {

  private NameCollisions() {}

  /** The collisions among {@code topics}, each reported on the key to change. */
  public static List<Problem> check(SearchSinkConfig config, Map<String, String> props) {
    List<String> topics =
        Arrays.stream(props.getOrDefault("topics", "").split(","))
            .map(String::trim)
            .filter(topic -> !topic.isEmpty())
            .distinct()
            .toList();
    if (topics.size() < 2) {
      return List.of();
    }
    IndexNames indexNames = new IndexNames(config.indexNameFormat(), config.indexVersion());
    Map<String, String> indexOf = new LinkedHashMap<>();
    for (String topic : topics) {
      nameOf(topic, indexNames::familyName).ifPresent(i -> indexOf.put(topic, i));
    }
    List<Problem> problems = new ArrayList<>();
    if (!config.topicsShareIndexes()) {
      groups(indexOf)
          .forEach(
              (index, folded) ->
                  problems.add(
                      new Problem("topics", TopicsShareIndexException.describe(folded, index))));
    }
    aliasCollisions(
        AliasGroup.ALIAS_NAME_FORMAT,
        "read alias",
        new NameFormat(config.aliasNameFormat(), config.indexVersion()),
        indexOf,
        problems);
    config
        .previewAliasNameFormat()
        .ifPresent(
            format ->
                aliasCollisions(
                    AliasGroup.ALIAS_PREVIEW_NAME_FORMAT,
                    "preview alias",
                    new NameFormat(format, config.indexVersion()),
                    indexOf,
                    problems));
    return problems;
  }

  /**
   * Topics with one alias but different indexes: the connector would move the alias from one index
   * to the other, serving one topic at a time. Topics that share their index share its aliases.
   */
  private static void aliasCollisions(
      String key,
      String what,
      NameFormat format,
      Map<String, String> indexOf,
      List<Problem> problems) {
    Map<String, String> aliasOf = new LinkedHashMap<>();
    indexOf.keySet().forEach(t -> nameOf(t, format::nameFor).ifPresent(a -> aliasOf.put(t, a)));
    groups(aliasOf)
        .forEach(
            (alias, folded) -> {
              List<String> indexes = folded.stream().map(indexOf::get).distinct().toList();
              if (indexes.size() > 1) {
                problems.add(
                    new Problem(
                        key,
                        "Topics "
                            + quoted(folded)
                            + (folded.size() == 2
                                ? " would both have the "
                                : " would all have the ")
                            + what
                            + " '"
                            + alias
                            + "' while written to different indexes "
                            + quoted(indexes)
                            + ": the connector would move that alias from one topic's index to"
                            + " the other's. Use a "
                            + key
                            + " that gives each topic its own alias, such as one with ${topic}"
                            + " in it (names fold to lower case and lose leading '-', '_' and"
                            + " '+')."));
              }
            });
  }

  /** The names given to more than one topic, each with its topics, in the order of {@code of}. */
  private static Map<String, List<String>> groups(Map<String, String> of) {
    Map<String, List<String>> topicsByName = new LinkedHashMap<>();
    of.forEach(
        (topic, name) -> topicsByName.computeIfAbsent(name, n -> new ArrayList<>()).add(topic));
    topicsByName.values().removeIf(topics -> topics.size() < 2);
    return topicsByName;
  }

  /** A topic whose name no format can make valid is another check's business. */
  private static Optional<String> nameOf(String topic, Function<String, String> naming) {
    try {
      return Optional.of(naming.apply(topic));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String quoted(List<String> names) {
    List<String> quoted = names.stream().map(name -> "'" + name + "'").toList();
    return quoted.size() == 2
        ? quoted.get(0) + " and " + quoted.get(1)
        : String.join(", ", quoted.subList(0, quoted.size() - 1))
            + " and "
            + quoted.get(quoted.size() - 1);
  }
}
