package dev.unbundled.search.connector.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.http.HttpEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Response;

/**
 * The reason in an error answer, short enough for a message: AWS answers {@code {"message": ...}}
 * (or {@code Message}), the engines {@code {"error": {"reason": ...}}}. Neither quotes a secret key
 * or a session token.
 */
final class ErrorAnswers {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_LENGTH = 300;

  private ErrorAnswers() {}

  static String reason(Response response) {
    HttpEntity entity = response.getEntity();
    String text;
    try {
      text = entity == null ? "" : EntityUtils.toString(entity);
    } catch (IOException | RuntimeException e) {
      return "no readable answer";
    }
    String reason = text;
    try {
      JsonNode root = JSON.readTree(text);
      for (String field : new String[] {"message", "Message"}) {
        if (root != null && root.path(field).isTextual()) {
          reason = root.path(field).asText();
        }
      }
      if (root != null && root.path("error").path("reason").isTextual()) {
        reason = root.path("error").path("reason").asText();
      }
    } catch (IOException e) {
      // Not JSON: the text as it is.
    }
    reason = reason.strip();
    return reason.length() > MAX_LENGTH ? reason.substring(0, MAX_LENGTH) + "..." : reason;
  }
}
