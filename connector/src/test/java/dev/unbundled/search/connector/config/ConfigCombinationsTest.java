package dev.unbundled.search.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigCombinationsTest {

  private static List<ConfigCombinations.Problem> check(String... keyValues) {
    Map<String, String> props = new HashMap<>();
    props.put("connection.url", "http://localhost:9200");
    props.put("index.version", "1");
    props.put("topics", "orders");
    props.put("kafka.bootstrap.servers", "localhost:9092");
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    return ConfigCombinations.check(new SearchSinkConfig(props), props);
  }

  private static List<String> keys(List<ConfigCombinations.Problem> problems) {
    return problems.stream().map(ConfigCombinations.Problem::key).toList();
  }

  @Test
  void defaultsAreFine() {
    assertThat(check()).isEmpty();
  }

  @Test
  void idsFromCoordinatesAndFromAFieldExcludeEachOther() {
    assertThat(keys(check("key.ignore", "true", "document.id.field", "id")))
        .containsExactly("document.id.field");
  }

  @Test
  void upsertsCannotCarryOffsetVersionsOrPipelines() {
    assertThat(keys(check("write.method", "upsert", "document.version", "offset")))
        .containsExactly("document.version");
    assertThat(keys(check("write.method", "upsert", "pipeline", "p"))).containsExactly("pipeline");
    assertThat(check("write.method", "upsert")).isEmpty();
  }

  @Test
  void upsertsCannotCarryVersionsFromTheRecordsEither() {
    assertThat(check("write.method", "upsert", "document.version", "field:lsn"))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.key()).isEqualTo("document.version");
              assertThat(problem.message()).contains("Upserts cannot carry external versions");
            });
    assertThat(check("write.method", "upsert", "document.version", "header:lsn")).hasSize(1);
  }

  @Test
  void routingByAValueFieldCannotRouteDeletes() {
    assertThat(keys(check("routing.field", "value.region"))).containsExactly("routing.field");
    assertThat(check("routing.field", "value.region", "behavior.on.null.values", "ignore"))
        .isEmpty();
    assertThat(check("routing.field", "key.tenant")).isEmpty();
  }

  @Test
  void aPasswordWithoutAUserIsReported() {
    assertThat(keys(check("connection.password", "secret"))).containsExactly("connection.username");
  }

  @Test
  void indexNameFormatNeedsItsVersionAndKnownPlaceholders() {
    assertThat(keys(check("index.name.format", "${topic}"))).containsExactly("index.name.format");
    assertThat(check("index.name.format", "${topic}-${tenant}-v${version}"))
        .singleElement()
        .satisfies(problem -> assertThat(problem.message()).contains("${tenant}"));
  }

  @Test
  void severalTopicsInOneIndexWithOffsetVersionsIsRefused() {
    assertThat(keys(check("topics", "a,b", "index.name.format", "all-v${version}")))
        .containsExactly("index.name.format");
    assertThat(
            check(
                "topics",
                "a,b",
                "index.name.format",
                "all-v${version}",
                "document.version",
                "none"))
        .isEmpty();
    assertThat(check("topics", "a,b")).isEmpty();
    // Versions from the records stay comparable across topics.
    assertThat(
            check(
                "topics",
                "a,b",
                "index.name.format",
                "all-v${version}",
                "document.version",
                "header:__lsn"))
        .isEmpty();
  }

  @Test
  void onlyOneWayToAuthenticate() {
    assertThat(
            keys(
                check(
                    "connection.username",
                    "u",
                    "connection.password",
                    "p",
                    "connection.api.key",
                    "k")))
        .containsExactly("connection.api.key");
    assertThat(keys(check("connection.api.key", "k", "connection.bearer.token", "t")))
        .containsExactly("connection.bearer.token");
  }

  @Test
  void awsSigningNeedsARegion() {
    assertThat(check("connection.auth.type", "aws-sigv4"))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.key()).isEqualTo("aws.region");
              assertThat(problem.message()).contains("aws.region=us-east-1");
            });
    assertThat(check("connection.auth.type", "aws-sigv4", "aws.region", "eu-west-1")).isEmpty();
    assertThat(check("connection.auth.type", "AWS-SIGV4", "aws.region", "eu-west-1")).isEmpty();
  }

  @Test
  void awsSigningAndOtherCredentialsExcludeEachOther() {
    for (String[] other :
        List.of(
            new String[] {"connection.username", "elastic", "connection.password", "pw"},
            new String[] {"connection.api.key", "id:key", "connection.username", ""},
            new String[] {"connection.bearer.token", "t", "connection.username", ""})) {
      List<ConfigCombinations.Problem> problems =
          check(
              "connection.auth.type",
              "aws-sigv4",
              "aws.region",
              "us-east-1",
              other[0],
              other[1],
              other[2],
              other[3]);
      assertThat(problems)
          .singleElement()
          .satisfies(
              problem -> {
                assertThat(problem.key()).isEqualTo("connection.auth.type");
                assertThat(problem.message())
                    .contains("remove connection.username and connection.password")
                    .doesNotContain("pw");
              });
    }
  }

  @Test
  void anAwsRegionWithoutSigningIsReportedRatherThanSilentlyUnsigned() {
    assertThat(keys(check("aws.region", "us-east-1"))).containsExactly("connection.auth.type");
  }

  @Test
  void anEventTopicMayBeWrittenIntoTimeBuckets() {
    assertThat(
            check(
                "index.name.format", "${topic}-v${version}-${time:yyyy.MM.dd}",
                "key.ignore", "true",
                "index.retention.ms", "2592000000"))
        .isEmpty();
  }

  @Test
  void aKeyedTopicNeedsATimeFieldThatNeverChangesForItsBuckets() {
    assertThat(
            check(
                "index.name.format", "${topic}-v${version}-${time:yyyy.MM}",
                "behavior.on.null.values", "ignore"))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.key()).isEqualTo("index.name.format");
              assertThat(problem.message()).contains("never changes for a document");
            });
    assertThat(
            check(
                "index.name.format", "${topic}-v${version}-${time:yyyy.MM}",
                "index.time.field", "created_at",
                "behavior.on.null.values", "ignore"))
        .isEmpty();
  }

  @Test
  void deletesCannotFindTheirBucket() {
    assertThat(
            keys(
                check(
                    "index.name.format", "${topic}-v${version}-${time:yyyy.MM}",
                    "index.time.field", "created_at")))
        .containsExactly("behavior.on.null.values");
  }

  @Test
  void timeSettingsWithoutTimeBucketsAreRefused() {
    assertThat(keys(check("index.time.field", "at"))).containsExactly("index.time.field");
    assertThat(keys(check("index.retention.ms", "1000"))).containsExactly("index.retention.ms");
  }

  @Test
  void aPatternThatNamesNoCalendarBucketIsRefusedWithTheFormat() {
    assertThatThrownBy(
            () ->
                check("index.name.format", "${topic}-v${version}-${time:mm}", "key.ignore", "true"))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining("index.name.format")
        .hasMessageContaining("does not name calendar buckets");
  }
}
