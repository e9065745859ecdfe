package dev.unbundled.search.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The connector classes the tool uses, named: the tool judges indexes by the connector's own rules,
 * and this list is the whole of that contact. A new entry is a decision, made here, not an import
 * that slips in.
 */
class ConnectorSurfaceTest {

  /** By what the tool needs them for. */
  private static final Set<String> SURFACE =
      Set.of(
          // What the plugin is called and which version it is.
          "connector.SearchSinkConnector",
          "connector.Version",
          // The connector's settings, parsed as it parses them, and their key names.
          "connector.config.SearchSinkConfig",
          "connector.config.ConnectionGroup",
          "connector.config.IndexGroup",
          "connector.config.KafkaGroup",
          "connector.config.SecurityGroup",
          "connector.config.TlsSettings",
          "connector.config.WriteMethod",
          // Reaching the search engine as the connector does (session.RestSearchEngine), and its
          // JSON API, which the tool's decisions take so that tests hand in a fake.
          "connector.client.ElasticsearchConnection",
          "connector.client.EngineDetector",
          "connector.client.JsonApi",
          "connector.client.JsonRequests",
          "connector.client.SearchEngine",
          "connector.client.SslContexts",
          // Indexes: ownership and phase in _meta, names, write aliases, the lost-index marker.
          "connector.index.IndexOwnership",
          "connector.index.Phase",
          "connector.index.IndexNames",
          "connector.index.TimeBucket",
          "connector.index.WriteTarget",
          "connector.index.IndexLostException",
          // The life cycle's rules: catalog, catch-up, promotion, alias moves, snapshot sweeps.
          "connector.lifecycle.IndexCatalog",
          "connector.lifecycle.IndexLifecycle",
          "connector.lifecycle.CatchUpCheck",
          "connector.lifecycle.PromotionRules",
          "connector.lifecycle.AliasActions",
          "connector.lifecycle.AliasTopicGuard",
          "connector.lifecycle.SnapshotSweeps",
          // Offsets: the consumer group's name, and the notes tasks commit with their offsets.
          "connector.offset.CommittedOffsets",
          "connector.offset.CommitNote",
          // verify: a record turned into the document the sink would write.
          "connector.convert.RecordConverter",
          "connector.bulk.DocumentOperation");

  private static final Pattern REFERENCE =
      Pattern.compile(
          "dev\\.unbundled\\.search\\.((?:connector|common|transforms)(?:\\.[a-z]+)*\\.[A-Z]\\w*)");

  @Test
  void theToolUsesOnlyTheNamedSurfaceOfTheConnector() throws IOException {
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      files
          .filter(file -> file.toString().endsWith(".java"))
          .forEach(
              file -> {
                try {
                  Matcher matcher = REFERENCE.matcher(Files.readString(file));
                  while (matcher.find()) {
                    used.add(matcher.group(1));
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }

    assertThat(used).containsExactlyInAnyOrderElementsOf(SURFACE);
  }
}
