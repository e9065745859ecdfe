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
      if (config.configuredDocumentVersion().isExternal()) {
        problems.add(
            new Problem(
                DocumentVersion.KEY,
                "Upserts cannot carry external versions (the search engine refuses a version on an"
                    + " update), so document.version="
                    + config.configuredDocumentVersion()
                    + " cannot be used with write.method=upsert. Use write.method=index to"
                    + " version writes by "
                    + (config.configuredDocumentVersion().fromRecord()
                        ? "the record's own version"
                        : "offset")
                    + ", or document.version=none (or auto) to upsert without versions."));
      }
      if (config.pipeline().isPresent()) {
        problems.add(
            new Problem(
                DocumentGroup.PIPELINE,
                "Ingest pipelines do not run on upserts; use write.method=index with a pipeline."));
      }
    }
    checkRouting(config, problems);
    checkAuthentication(config, problems);
    checkNameFormat(config, props, problems);
    checkTimeBuckets(config, problems);
    return problems;
  }

  /**
   * Every change of a document must land in the one bucket that holds it: a time that changes
   * between changes (the Kafka timestamp of a keyed topic) would leave a copy in each bucket.
   */
  private static void checkTimeBuckets(SearchSinkConfig config, List<Problem> problems) {
    if (!config.timeBucketed()) {
      if (config.indexTimeField().isPresent() || config.indexRetention().isPresent()) {
        problems.add(
            new Problem(
                config.indexTimeField().isPresent()
                    ? IndexGroup.INDEX_TIME_FIELD
                    : IndexGroup.INDEX_RETENTION_MS,
                "index.time.field and index.retention.ms apply to time buckets only: put"
                    + " ${time:PATTERN} in index.name.format (for example"
                    + " ${topic}-v${version}-${time:yyyy.MM.dd}), or remove them."));
      }
      return;
    }
    boolean keyed = config.documentIdSource() != DocumentIdSource.COORDINATES;
    if (keyed && config.indexTimeField().isEmpty()) {
      problems.add(
          new Problem(
              IndexGroup.INDEX_NAME_FORMAT,
              "Time buckets of a topic keyed by document (ids from the key or a value field) need"
                  + " a time that never changes for a document: the Kafka timestamp of each"
                  + " change would put the changes of one document into different buckets, and"
                  + " readers would see several copies. Set index.time.field to such a field"
                  + " (a creation time), or use key.ignore=true for an append-only event topic,"
                  + " or remove ${time:...} to keep one index."));
    }
    if (keyed && config.nullValueBehavior() == NullValueBehavior.DELETE) {
      problems.add(
          new Problem(
              NullValueBehavior.KEY,
              "With time buckets a delete cannot find its document's bucket: a tombstone has no"
                  + " value, so no time. Set behavior.on.null.values=ignore (or fail), or remove"
                  + " ${time:...} from index.name.format to keep one index."));
    }
  }

  /**
   * A tombstone has no value: a delete routed by a value field would go to the shard of its id
   * instead of the document's, find nothing there, and leave the document in place.
   */
  private static void checkRouting(SearchSinkConfig config, List<Problem> problems) {
    config
        .routingField()
        .filter(routing -> !routing.inKey())
        .filter(routing -> config.nullValueBehavior() == NullValueBehavior.DELETE)
        .ifPresent(
            routing ->
                problems.add(
                    new Problem(
                        RoutingField.KEY,
                        "Tombstones have no value, so routing by '"
                            + routing
                            + "' cannot route the deletes they mean: they would miss their"
                            + " documents. Route by a key field (key.<path>), or set"
                            + " behavior.on.null.values=ignore or fail if the topic has no"
                            + " deletes.")));
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
    if (config.authType() == AuthType.AWS_SIGV4) {
      checkAwsSigning(config, user || config.hasPassword() || apiKey || bearer, problems);
      return;
    }
    if (!config.awsRegion().isEmpty()) {
      problems.add(
          new Problem(
              AuthType.KEY,
              "aws.region is set but requests are not signed: set connection.auth.type=aws-sigv4"
                  + " to sign them for AWS, or remove aws.region."));
    }
    if ((user ? 1 : 0) + (apiKey ? 1 : 0) + (bearer ? 1 : 0) > 1) {
      problems.add(
          new Problem(
              bearer ? SecurityGroup.CONNECTION_BEARER_TOKEN : SecurityGroup.CONNECTION_API_KEY,
              "Use one way to authenticate: a user name and password, an API key, or a bearer"
                  + " token."));
    }
  }

  private static void checkAwsSigning(
      SearchSinkConfig config, boolean otherCredentials, List<Problem> problems) {
    if (config.awsRegion().isEmpty()) {
      problems.add(
          new Problem(
              SecurityGroup.AWS_REGION,
              "connection.auth.type=aws-sigv4 needs the AWS region of the domain or collection"
                  + " (for example aws.region=us-east-1): it is part of every signature."));
    }
    if (otherCredentials) {
      problems.add(
          new Problem(
              AuthType.KEY,
              "connection.auth.type=aws-sigv4 signs every request with AWS credentials from the"
                  + " default chain; remove connection.username and connection.password (and"
                  + " connection.api.key, connection.bearer.token), or set"
                  + " connection.auth.type=basic to use them instead."));
    }
  }

  private static void checkNameFormat(
      SearchSinkConfig config, Map<String, String> props, List<Problem> problems) {
    String format = config.indexNameFormat();
    Matcher placeholders = PLACEHOLDER.matcher(format);
    while (placeholders.find()) {
      String name = placeholders.group(1);
      if (!name.equals("topic") && !name.equals("version") && !name.startsWith("time:")) {
        problems.add(
            new Problem(
                IndexGroup.INDEX_NAME_FORMAT,
                "Unknown placeholder ${"
                    + name
                    + "}; the format may use ${topic}, ${version} and ${time:PATTERN}."));
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
                  + " discarded as older. Put ${topic} in the format, or take versions from the"
                  + " records (document.version=field:<path> or header:<name>)."));
    }
    if (config.indexSharingDeclared() && config.versionWithOffsets()) {
      problems.add(
          new Problem(
              IndexGroup.INDEX_SHARED_TOPICS,
              "Topics can share an index only with versions from the records: Kafka offsets of"
                  + " different topics are not comparable, so with document.version="
                  + config.configuredDocumentVersion()
                  + " a newer record of one topic could be discarded as older than a record of"
                  + " the other. Set document.version=field:<path> or header:<name> (or none), or"
                  + " set index.shared.topics=false and give each topic its own index."));
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
