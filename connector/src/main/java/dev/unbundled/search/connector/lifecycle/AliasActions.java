package dev.unbundled.search.connector.lifecycle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/**
 * The {@code _aliases} actions that move an alias: every removal says {@code must_exist}, so when
 * anybody moved the alias since it was read, the whole request fails and nothing changes.
 */
public final class AliasActions {

  private AliasActions() {}

  /**
   * Appends the actions that take {@code alias} from each index of {@code leaving} and put it on
   * each of {@code joining} (the time buckets of one version move together).
   */
  public static void move(
      ArrayNode actions, String alias, List<String> leaving, List<String> joining) {
    for (String index : leaving) {
      actions
          .addObject()
          .putObject("remove")
          .put("index", index)
          .put("alias", alias)
          .put("must_exist", true);
    }
    for (String index : joining) {
      actions.addObject().putObject("add").put("index", index).put("alias", alias);
    }
  }

  /** Appends the actions that leave {@code alias}, now on {@code from}, on {@code to} only. */
  public static void move(ArrayNode actions, String alias, List<String> from, String to) {
    move(
        actions,
        alias,
        from.stream().filter(index -> !index.equals(to)).toList(),
        from.contains(to) ? List.of() : List.of(to));
  }
}
