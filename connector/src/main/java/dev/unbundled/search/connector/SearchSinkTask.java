package dev.unbundled.search.connector;

import dev.unbundled.search.connector.IndexPreparation.Readiness;
import dev.unbundled.search.connector.bulk.BulkWriter;
import dev.unbundled.search.connector.bulk.DocumentOperation;
import dev.unbundled.search.connector.bulk.RetryPolicy;
import dev.unbundled.search.connector.bulk.WriteStall;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.convert.RecordConverter;
import dev.unbundled.search.connector.index.IndexManager;
import dev.unbundled.search.connector.index.WriteTarget;
import dev.unbundled.search.connector.metrics.TaskMetrics;
import dev.unbundled.search.connector.offset.CommitNote;
import dev.unbundled.search.connector.offset.CommittedOffsets;
import dev.unbundled.search.connector.offset.KafkaLookups;
import dev.unbundled.search.connector.offset.OffsetTracker;
import dev.unbundled.search.connector.offset.RewindGuard;
import dev.unbundled.search.connector.snapshot.WrittenMarks;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records to the search engine in bulk requests sent in the background, and commits an
 * offset only once every record before it is acknowledged by the engine or reported through
 * Connect's error handling.
 *
 * <p>All bookkeeping (offsets, failures) happens on the task's own thread: the bulk writer's
 * threads only send requests and hand back their results.
 */
public final class SearchSinkTask extends SinkTask {

  private static final Logger log = LoggerFactory.getLogger(SearchSinkTask.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

  private final Duration roomWait;

  private final Function<SearchSinkConfig, Backend> backends;
  private final Function<SearchSinkConfig, Admin> admins;
  private SearchSinkConfig config;
  private String connectorName;
  private Backend backend;
  private RetryPolicy retries;
  private IndexManager indexes;
  private RecordConverter converter;
  private BulkWriter<InFlight> writer;
  private RecordFailures failures;
  private RecordedShardLosses<InFlight> shardLosses;
  private ConnectException writeFailure;
  private TaskMetrics metrics = TaskMetrics.NONE;
  private final OffsetTracker offsets = new OffsetTracker();
  private Map<TopicPartition, OffsetAndMetadata> lastCommitted = Map.of();
  private Map<TopicPartition, OffsetAndMetadata> lastConsumed = Map.of();
  private final VersionConflicts conflicts = new VersionConflicts();
  private Admin admin;
  private KafkaLookups kafka;
  private RewindGuard rewinds;
  private WrittenMarks snapshotMarks;
  private WriteStall stall = new WriteStall();
  private final Deque<Accepted> held = new ArrayDeque<>();
  private RoomPause roomPause;
  private WriteOutcomes outcomes;
  private CommitNotes commitNotes;
  private IndexPreparation indexPreparation;

  public SearchSinkTask() {
    this(Backend::open, config -> Admin.create(config.kafkaAdminConfig()), RoomPause.ROOM_WAIT);
  }

  /**
   * A task that reaches the search engine through {@code backends} and Kafka's admin API (for the
   * offsets its group committed and topic ids) through {@code admins}, given its configuration, and
   * waits at most {@code roomWait} in put for a request to start.
   */
  SearchSinkTask(
      Function<SearchSinkConfig, Backend> backends,
      Function<SearchSinkConfig, Admin> admins,
      Duration roomWait) {
    this.backends = backends;
    this.admins = admins;
    this.roomWait = roomWait;
  }

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new SearchSinkConfig(props);
    connectorName = props.get("name");
    backend = backends.apply(config);
    retries = new RetryPolicy(config.maxRetries(), config.retryBackoff(), MAX_BACKOFF);
    RecordTargets targets = RecordTargets.of(config, connectorName, backend);
    indexes = targets.indexes();
    converter = targets.converter();
    shardLosses = new RecordedShardLosses<>(indexes, InFlight::index);
    WritePath path =
        new WritePath(
            config, context, backend.bulk(), retries, shardLosses, converter::expiredRecords);
    stall = path.stall();
    metrics = path.metrics();
    writer = path.writer();
    failures = RecordFailures.from(props, context, metrics);
    indexPreparation = new IndexPreparation(indexes, retries, failures, stall);
    roomPause = new RoomPause(context);
    outcomes =
        new WriteOutcomes(
            metrics, failures, shardLosses, indexes, conflicts, config.maxRetries(), connectorName);
    if (config.versionWithOffsets() || config.snapshotSweep()) {
      admin = admins.apply(config);
      kafka = new KafkaLookups(admin, CommittedOffsets.groupId(props), ADMIN_TIMEOUT);
    }
    rewinds = RecordTargets.rewindGuard(config, connectorName, backend, kafka);
    snapshotMarks = config.snapshotSweep() ? new WrittenMarks(config.snapshotMarkerNames()) : null;
    commitNotes = new CommitNotes(path.limit(), stall, snapshotMarks);
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    // Connect skips close() for partitions it had no offsets to commit for. What is still kept or
    // tracked for a partition given (again), or no longer owned, is stale: the consumer reads a
    // partition it is given from the committed offset.
    Set<TopicPartition> stale = new HashSet<>(partitions);
    offsets.tracked().forEach(stale::add);
    held.forEach(accepted -> stale.add(Coordinates.partitionOf(accepted.record)));
    stale.removeIf(partition -> !partitions.contains(partition) && owned(partition));
    forget(stale);
    roomPause.given(partitions);
    rewinds.assigned(partitions);
    if (snapshotMarks != null) {
      // The markers the previous owners of these partitions wrote, committed with their offsets.
      snapshotMarks.committedBefore(CommitNote.snapshotsIn(kafka.metadata(partitions)));
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    applyCompletions();
    checkStall();
    if (records.isEmpty() && held.isEmpty()) {
      roomPause.resume();
      requestCommitIfIdleWithProgress();
      return;
    }
    for (SinkRecord record : records) {
      TopicPartition partition = Coordinates.partitionOf(record);
      // Before the record is tracked: a failure here leaves nothing of it to commit.
      rewinds.beforeRecord(partition, record.originalKafkaOffset());
      OffsetTracker.Pending pending = offsets.register(partition, record.originalKafkaOffset());
      if (snapshotMarks != null) {
        snapshotMarks.written(partition, record);
      }
      held.add(new Accepted(record, pending));
    }
    if (converter.bucketed()) {
      indexPreparation.createAhead(records, converter::keptTargetFor);
    }
    writeHeld();
    applyCompletions();
  }

  /**
   * Hands the records taken so far to the writer, in order, while it has room and their indexes are
   * ready: those left when it had none for {@link RoomPause#ROOM_WAIT}, or the engine could not
   * ready an index, are kept, and the task's partitions paused until they are all written. They are
   * tracked already, so nothing after them is committed meanwhile.
   */
  private void writeHeld() {
    while (!held.isEmpty()) {
      Accepted next = held.peek();
      Readiness readiness = next.operation == null ? prepare(next) : Readiness.READY;
      if (readiness == Readiness.SKIP) {
        held.poll();
        continue;
      }
      boolean added = false;
      try {
        added =
            readiness == Readiness.READY
                && writer.add(
                    next.operation, new InFlight(next.record, next.index, next.pending), roomWait);
      } catch (IOException | RuntimeException e) {
        // The value did not fit its own schema, or a String was not JSON: bad input.
        failures.recordFailed(
            next.record, new DataException("Cannot serialize the value: " + e.getMessage(), e));
        next.pending.done();
        held.poll();
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectException("Interrupted while writing to the search engine", e);
      }
      if (!added && readiness == Readiness.READY && stall.current().isEmpty()) {
        continue; // Writes go through, only slowly: wait on (backpressure), as Connect expects.
      }
      if (!added) {
        roomPause.pause(held.size());
        return;
      }
      held.poll();
      // A request that ended the task's writing (to a lost shard, say) fails it now, not later.
      if (writer.hasCompletions()) {
        applyCompletions();
      }
    }
    roomPause.resume();
  }

  /**
   * Converts the record and makes sure its index can take it: {@link Readiness#SKIP} when there is
   * nothing to write (a tombstone ignored, a record failed), its place in the tracker then done.
   */
  private Readiness prepare(Accepted accepted) {
    SinkRecord record = accepted.record;
    Optional<DocumentOperation> operation;
    try {
      operation = converter.convert(record);
    } catch (DataException e) {
      failures.recordFailed(record, e);
      operation = Optional.empty();
    }
    if (operation.isEmpty()) {
      accepted.pending.done();
      return Readiness.SKIP;
    }
    WriteTarget target = converter.targetFor(record);
    Readiness readiness = indexPreparation.ensure(target, record);
    if (readiness == Readiness.SKIP) {
      accepted.pending.done();
    }
    if (readiness != Readiness.READY) {
      return readiness;
    }
    rewinds.beforeWrite(target.index(), record.originalTopic());
    accepted.operation = operation.get();
    accepted.index = target.index();
    return Readiness.READY;
  }

  /**
   * While writes stall, asks Connect to call again soon, and fails the task once no write has been
   * acknowledged for {@code write.stall.timeout.ms}.
   */
  private void checkStall() {
    Optional<WriteStall.Stall> current = stall.current();
    if (current.isEmpty()) {
      return;
    }
    context.timeout(RoomPause.RECHECK_MS);
    Optional<Duration> timeout = config.writeStallTimeout();
    if (timeout.isEmpty() || current.get().duration().compareTo(timeout.get()) < 0) {
      return;
    }
    writeFailure = WriteFailures.stalled(current.get(), timeout.get());
    throw new ConnectException(writeFailure.getMessage(), writeFailure);
  }

  /**
   * When no records come and acknowledged offsets have moved since the last commit, asks Connect to
   * commit now rather than at the next {@code offset.flush.interval.ms}: the connector decides that
   * an index has caught up from committed offsets, so a commit sooner is a promotion sooner.
   */
  private void requestCommitIfIdleWithProgress() {
    writer.flush();
    if (!committable(lastConsumed).equals(lastCommitted)) {
      context.requestCommit();
    }
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    writer.flush();
    applyCompletions();
    checkStall();
    lastConsumed = Map.copyOf(currentOffsets);
    lastCommitted = committable(lastConsumed);
    rewinds.committed(lastCommitted);
    return lastCommitted;
  }

  /**
   * What may be committed: every record before it acknowledged or reported, and what the worker
   * {@code consumed} (records its transforms dropped) where nothing of the task is pending; each
   * with the task's note.
   */
  private Map<TopicPartition, OffsetAndMetadata> committable(
      Map<TopicPartition, OffsetAndMetadata> consumed) {
    return offsets.committableOffsets(commitNotes.at(Instant.now()), consumed);
  }

  /**
   * Handles the results of finished requests: acknowledges, reports or fails records. Once a result
   * failed the task, every later call fails with it.
   */
  private void applyCompletions() {
    if (writeFailure != null) {
      // Connect only logs a failure thrown from preCommit and goes on; the results drained with
      // it were never applied, so the task must not write on. A new exception each time: Connect
      // adds one failure to another as suppressed, and the same instance twice hides the cause
      // behind "Self-suppression not permitted".
      throw new ConnectException(writeFailure.getMessage(), writeFailure);
    }
    try {
      writer.drain().forEach(outcomes::apply);
    } catch (ConnectException e) {
      writeFailure = e;
      throw e;
    }
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    // Connect committed what preCommit reported before calling this; whatever is still in
    // flight is written again by the partitions' next owner. With offset versions that is
    // harmless in any order. Otherwise (no versions, or versions from the records, which two
    // changes may share), let our requests finish first, so that the next owner's writes of a
    // document never race ours.
    if (!config.versionWithOffsets()) {
      try {
        writer.flush();
        if (!writer.awaitIdle(config.flushTimeout())) {
          log.warn(
              "Requests still in flight after {} ms while closing partitions {}",
              config.flushTimeout().toMillis(),
              partitions);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    applyCompletions();
    forget(partitions);
  }

  private boolean owned(TopicPartition partition) {
    return context.assignment().contains(partition);
  }

  /** Drops what the task keeps and tracks for {@code partitions}: their next reader reads it. */
  private void forget(Collection<TopicPartition> partitions) {
    held.removeIf(accepted -> partitions.contains(Coordinates.partitionOf(accepted.record)));
    offsets.forget(partitions);
    Map<TopicPartition, OffsetAndMetadata> stillConsumed = new HashMap<>(lastConsumed);
    stillConsumed.keySet().removeAll(partitions);
    lastConsumed = stillConsumed;
    rewinds.revoked(partitions);
    if (snapshotMarks != null) {
      snapshotMarks.forget(partitions);
    }
  }

  @Override
  public void stop() {
    try {
      if (writer != null) {
        // Nothing unacknowledged is committed, so requests still in flight can be abandoned; while
        // writes stall they are only waiting for their next try: no grace.
        writer.close(stall.current().isPresent() ? Duration.ZERO : STOP_GRACE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      metrics.close();
      metrics = TaskMetrics.NONE;
      if (backend != null) {
        backend.close();
      }
      if (admin != null) {
        admin.close(STOP_GRACE);
      }
    }
  }
}
