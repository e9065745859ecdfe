package dev.unbundled.search.connector;

import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.convert.RecordConverter;
import dev.unbundled.search.connector.convert.SchemaMapping;
import dev.unbundled.search.connector.index.BucketAliases;
import dev.unbundled.search.connector.index.IndexManager;
import dev.unbundled.search.connector.index.IndexNames;
import dev.unbundled.search.connector.index.IndexSettings;
import dev.unbundled.search.connector.index.NameFormat;
import dev.unbundled.search.connector.index.SourceTopicIds;
import dev.unbundled.search.connector.offset.KafkaLookups;
import dev.unbundled.search.connector.offset.OffsetsWentBackwardsException;
import dev.unbundled.search.connector.offset.RecreatedTopicCheck;
import dev.unbundled.search.connector.offset.RewindGuard;
import java.util.Optional;

/**
 * A task's side of the indexes, as its configuration asks: the converter that turns a record into
 * an operation on its index, the manager that creates and readies those indexes, and the guard that
 * fails the task when offsets going backwards would lose writes to them.
 */
record RecordTargets(RecordConverter converter, IndexManager indexes) {

  static RecordTargets of(SearchSinkConfig config, String connectorName, Backend backend) {
    IndexNames names = new IndexNames(config.indexNameFormat(), config.indexVersion());
    Optional<BucketAliases> bucketAliases =
        names.bucketed()
            ? Optional.of(
                new BucketAliases(
                    backend.json(),
                    connectorName,
                    config.indexVersion(),
                    new NameFormat(config.aliasNameFormat(), config.indexVersion()),
                    config
                        .previewAliasNameFormat()
                        .map(format -> new NameFormat(format, config.indexVersion()))))
            : Optional.empty();
    IndexManager indexes =
        new IndexManager(
            backend.json(),
            new IndexManager.Settings(
                connectorName,
                config.indexVersion(),
                IndexSettings.parse(config.indexSettings())
                    .deletesRetainedFor(config.deletesRetention()),
                config.indexMappings(),
                !config.schemaIgnore(),
                config.topicsShareIndexes(),
                config.snapshotSweep()),
            SchemaMapping::of,
            bucketAliases);
    RecordConverter converter = new RecordConverter(names, RecordConverter.Settings.from(config));
    return new RecordTargets(converter, indexes);
  }

  /**
   * Only offset versions make offsets going backwards a loss to fail for, and ask Kafka ({@code
   * kafka} is null otherwise).
   */
  static RewindGuard rewindGuard(
      SearchSinkConfig config, String connectorName, Backend backend, KafkaLookups kafka) {
    if (!config.versionWithOffsets()) {
      return RewindGuard.warning(config.documentVersion());
    }
    return RewindGuard.failing(
        kafka,
        new RecreatedTopicCheck(
            kafka::topicIds, new SourceTopicIds(backend.json())::recordedOrRecord),
        new OffsetsWentBackwardsException.Context(connectorName, config.indexVersion()));
  }
}
