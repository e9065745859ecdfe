package dev.unbundled.search.connector.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that need more than one setting, run after each setting has been checked on its own. Each
 * problem is reported on the key the user should change.
 */
public final class ConfigCombinations {

  /** A problem with one setting. */
  public record Problem(String key, String message) {}

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

  private ConfigCombinations() {}

  /**
   * @param props the connector's whole configuration, for Connect's own {@code topics} and {@code
   *     topics.regex}
   */
  public static List<Problem> check(SearchSinkConfig config, Map<String, String> props) {
    List<Problem> problems = new ArrayList<>();
    if (config.keyIgnored() && config.documentIdField().isPresent()) {
      problems.add(
          new Problem(
              DocumentGroup.DOCUMENT_ID_FIELD,
              "Ids cannot come both from a value field and from record coordinates"
                  + " (key.ignore=true); set only one."));
    }
    if (config.writeMethod() == WriteMethod.UPSERT) {
      if (config.versionMode() == VersionMode.OFFSET) {
        problems.add(
            new Problem(
                VersionMode.KEY,
                "Upserts cannot carry external versions; use document.version=none or auto with"
                    + " write.method=upsert."));
      }
      if (config.pipeline().isPresent()) {
        problems.add(
            new Problem(
                DocumentGroup.PIPELINE,
                "Ingest pipelines do not run on upserts; use write.method=index with a pipeline."));
      }
    }
    checkAuthentication(config, problems);
    checkNameFormat(config, props, problems);
    return problems;
  }

  private static void checkAuthentication(SearchSinkConfig config, List<Problem> problems) {
    boolean user = config.credentials().isPresent();
    boolean apiKey = config.apiKey().isPresent();
    boolean bearer = config.bearerToken().isPresent();
    if (!user && config.hasPassword()) {
      problems.add(
          new Problem(
              ConnectionGroup.CONNECTION_USERNAME,
              "A password is set but no user name; set connection.username too."));
    }
    if ((user ? 1 : 0) + (apiKey ? 1 : 0) + (bearer ? 1 : 0) > 1) {
      problems.add(
          new Problem(
              bearer ? SecurityGroup.CONNECTION_BEARER_TOKEN : SecurityGroup.CONNECTION_API_KEY,
              "Use one way to authenticate: a user name and password, an API key, or a bearer"
                  + " token."));
    }
  }

  private static void checkNameFormat(
      SearchSinkConfig config, Map<String, String> props, List<Problem> problems) {
    String format = config.indexNameFormat();
    Matcher placeholders = PLACEHOLDER.matcher(format);
    while (placeholders.find()) {
      String name = placeholders.group(1);
      if (!name.equals("topic") && !name.equals("version")) {
        problems.add(
            new Problem(
                IndexGroup.INDEX_NAME_FORMAT,
                "Unknown placeholder ${"
                    + name
                    + "}; the format may use ${topic} and ${version}."));
      }
    }
    boolean severalTopics =
        props.containsKey("topics.regex") && !props.get("topics.regex").isBlank()
            || props.getOrDefault("topics", "").split(",").length > 1;
    if (!format.contains("${topic}") && severalTopics && config.versionWithOffsets()) {
      problems.add(
          new Problem(
              IndexGroup.INDEX_NAME_FORMAT,
              "Several topics would share one index while writes carry Kafka offsets as versions,"
                  + " and offsets of different topics are not comparable: a newer record could be"
                  + " discarded as older. Put ${topic} in the format, or set"
                  + " document.version=none."));
    }
    if (!format.contains("${version}")) {
      problems.add(
          new Problem(
              IndexGroup.INDEX_NAME_FORMAT,
              "The format must contain ${version}, so that each index version is a separate"
                  + " index that can be rebuilt next to the live one."));
    }
  }
}
