package dev.unbundled.search.tool.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbundled.search.tool.ToolException;
import java.io.IOException;

/**
 * One request to the Kafka Connect REST API and its answer. The real one speaks HTTP(S) with the
 * operator's credentials ({@link HttpConnectTransport}); unit tests hand in an in-memory Connect.
 */
@FunctionalInterface
public interface ConnectTransport {

  /**
   * Sends a request and returns the answer, whatever its status.
   *
   * @param path the path with its query, starting with {@code /}
   * @param body the JSON body, or null for none
   * @throws ToolException when Connect cannot be reached or refuses the credentials
   */
  Response send(String method, String path, JsonNode body) throws IOException, InterruptedException;

  /** Where the requests go, for messages. */
  default String describe() {
    return "Kafka Connect";
  }

  /**
   * An answer: its HTTP status and JSON body (a missing node when it had none).
   *
   * @param body the parsed body; Connect's errors carry {@code error_code} and {@code message}
   */
  record Response(int status, JsonNode body) {

    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** Connect's own words for an error answer. */
    String message() {
      String message = body.path("message").asText("");
      return message.isEmpty() ? "HTTP " + status : message;
    }
  }
}
