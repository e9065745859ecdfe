package dev.unbundled.search.tool.alias;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unbundled.search.connector.client.JsonApi;
import dev.unbundled.search.connector.lifecycle.AliasActions;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Manual alias moves, all in one atomic {@code _aliases} request, built as the connector builds its
 * own (see {@link AliasActions}).
 */
public final class AliasSwitch {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Alias {@code alias}, now on {@code from}, should point at {@code to} only: one index, or every
   * time bucket of one version.
   */
  public record Move(String alias, List<String> from, List<String> to) {

    public Move(String alias, List<String> from, String to) {
      this(alias, from, List.of(to));
    }

    public boolean done() {
      return Set.copyOf(from).equals(Set.copyOf(to));
    }

    public String describe() {
      return "alias "
          + alias
          + ": "
          + (from.isEmpty() ? "(none)" : String.join(", ", from))
          + " -> "
          + String.join(", ", to);
    }
  }

  private AliasSwitch() {}

  static ObjectNode request(List<Move> moves) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode actions = body.putArray("actions");
    for (Move move : moves) {
      AliasActions.move(
          actions,
          move.alias(),
          move.from().stream().filter(index -> !move.to().contains(index)).toList(),
          move.to().stream().filter(index -> !move.from().contains(index)).toList());
    }
    return body;
  }

  static void apply(JsonApi es, List<Move> moves) throws IOException {
    es.send("POST", "/_aliases", request(moves));
  }

  static String pretty(ObjectNode request) throws IOException {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(request);
  }
}
