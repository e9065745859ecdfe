package dev.unbundled.search.connector.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BulkSenderTest {

  private static final RetryPolicy THREE_RETRIES =
      new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(1));

  /** Answers each request with the next scripted answer and remembers what it was sent. */
  private static final class ScriptedTransport implements BulkTransport {
    final Deque<Object> answers = new ArrayDeque<>();
    final List<String> requests = new ArrayList<>();

    @Override
    public List<BulkItemResult> send(byte[] body, int length, int operations) throws IOException {
      requests.add(new String(body, 0, length, StandardCharsets.UTF_8));
      Object answer = answers.removeFirst();
      if (answer instanceof IOException e) {
        throw e;
      }
      @SuppressWarnings("unchecked")
      List<BulkItemResult> results = (List<BulkItemResult>) answer;
      return results;
    }
  }

  private final ScriptedTransport transport = new ScriptedTransport();
  private final List<Duration> sleeps = new ArrayList<>();
  private final BulkSender<String> sender = new BulkSender<>(transport, THREE_RETRIES, sleeps::add);
  private final BulkBatch<String> batch = new BulkBatch<>();

  private void addDelete(String id) throws IOException {
    batch.add(DocumentOperation.delete("i", id, 1L), id);
  }

  @Test
  void everyOperationGetsItsOutcomeInOrder() throws Exception {
    addDelete("a");
    addDelete("b");
    BulkItemResult rejected = new BulkItemResult(400, "mapper_parsing_exception", "bad");
    transport.answers.add(List.of(BulkItemResult.ok(), rejected));

    List<BulkSender.Outcome<String>> outcomes = sender.send(batch);

    assertThat(outcomes)
        .containsExactly(
            new BulkSender.Outcome<>("a", BulkItemResult.ok()),
            new BulkSender.Outcome<>("b", rejected));
  }

  @Test
  void connectionErrorsAreRetriedWithBackoff() throws Exception {
    addDelete("a");
    transport.answers.add(new ConnectException("refused"));
    transport.answers.add(new BulkRequestException(503, "unavailable", null));
    transport.answers.add(List.of(BulkItemResult.ok()));

    assertThat(sender.send(batch)).hasSize(1);
    assertThat(transport.requests).hasSize(3);
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void transientFailuresAreRetriedForAsLongAsTheyLastWithCappedBackoff() throws Exception {
    addDelete("a");
    for (int i = 0; i < 50; i++) {
      transport.answers.add(i % 2 == 0 ? new ConnectException("refused") : tooManyRequests());
    }
    transport.answers.add(List.of(BulkItemResult.ok()));

    assertThat(sender.send(batch)).hasSize(1);
    assertThat(transport.requests).hasSize(51);
    assertThat(sleeps).hasSize(50).allMatch(wait -> wait.compareTo(Duration.ofSeconds(1)) <= 0);
  }

  private static BulkRequestException tooManyRequests() {
    return new BulkRequestException(429, "es_rejected_execution_exception", "full", null);
  }

  @Test
  void givesUpOnServerErrorsAfterMaxRetries() throws IOException {
    addDelete("a");
    transport.answers.add(new ConnectException("refused"));
    for (int i = 0; i < 4; i++) {
      transport.answers.add(new BulkRequestException(500, "boom", null));
    }

    assertThatThrownBy(() -> sender.send(batch))
        .isInstanceOf(BulkRetriesExhaustedException.class)
        .hasMessageContaining("4 times")
        .hasMessageContaining("boom");
    assertThat(transport.requests).as("the connection error is not counted").hasSize(5);
  }

  @Test
  void aStallIsToldFromTheFirstFailedAttemptToTheNextWrite() throws Exception {
    long[] now = {0};
    WriteStall stall = new WriteStall(() -> now[0]);
    List<Optional<WriteStall.Stall>> seen = new ArrayList<>();
    BulkSender<String> sender =
        new BulkSender<>(
            transport,
            THREE_RETRIES,
            wait -> {
              now[0] += wait.toNanos();
              seen.add(stall.current());
            },
            BulkListener.NONE,
            ShardRetryCheck.never(),
            stall);
    addDelete("a");
    transport.answers.add(new ConnectException("refused"));
    transport.answers.add(
        List.of(new BulkItemResult(503, "unavailable_shards_exception", "[i][0] not active")));
    transport.answers.add(List.of(BulkItemResult.ok()));

    sender.send(batch);

    assertThat(seen.get(0))
        .get()
        .extracting(WriteStall.Stall::error)
        .isEqualTo("connection refused");
    assertThat(seen.get(1))
        .get()
        .extracting(WriteStall.Stall::error)
        .isEqualTo("503 unavailable_shards_exception");
    assertThat(seen.get(1).get().failedAttempts()).isEqualTo(2);
    assertThat(stall.current()).isEmpty();
    assertThat(stall.retriesInProgress()).isZero();
    assertThat(stall.sinceLastWrite()).isZero();
  }

  @Test
  void aRequestFailedByTheWritersClosingIsNoStallAndNotRetried() throws Exception {
    WriteStall stall = new WriteStall();
    BulkSender<String> sender =
        new BulkSender<>(
            transport,
            THREE_RETRIES,
            sleeps::add,
            BulkListener.NONE,
            ShardRetryCheck.never(),
            stall);
    addDelete("a");
    transport.answers.add(new InterruptedIOException("Interrupted while waiting"));

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> sender.send(batch)).isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
    assertThat(stall.current()).isEmpty();
    assertThat(sleeps).isEmpty();
  }

  @Test
  void aRequestRejectedForGoodIsNotRetried() throws IOException {
    addDelete("a");
    transport.answers.add(new BulkRequestException(400, "bad request", null));

    assertThatThrownBy(() -> sender.send(batch)).isInstanceOf(BulkRequestException.class);
    assertThat(transport.requests).hasSize(1);
  }

  @Test
  void itemsTurnedAwayWith429AreResentAlone() throws Exception {
    addDelete("a");
    addDelete("b");
    BulkItemResult tooMany = new BulkItemResult(429, "es_rejected_execution_exception", "full");
    transport.answers.add(List.of(BulkItemResult.ok(), tooMany));
    transport.answers.add(List.of(new BulkItemResult(200, null, null)));

    List<BulkSender.Outcome<String>> outcomes = sender.send(batch);

    assertThat(outcomes).extracting(o -> o.result().succeeded()).containsExactly(true, true);
    assertThat(transport.requests.get(1)).contains("\"_id\":\"b\"").doesNotContain("\"_id\":\"a\"");
  }

  @Test
  void itemsTurnedAwayAreRetriedBeyondMaxRetries() throws Exception {
    addDelete("a");
    BulkItemResult tooMany = new BulkItemResult(429, "es_rejected_execution_exception", "full");
    for (int i = 0; i < 10; i++) {
      transport.answers.add(List.of(tooMany));
    }
    transport.answers.add(List.of(BulkItemResult.ok()));

    List<BulkSender.Outcome<String>> outcomes = sender.send(batch);

    assertThat(outcomes)
        .extracting(BulkSender.Outcome::result)
        .containsExactly(BulkItemResult.ok());
    assertThat(transport.requests).hasSize(11);
  }

  @Test
  void itemsStillFailingWithServerErrorsAfterMaxRetriesKeepTheirFailure() throws Exception {
    addDelete("a");
    BulkItemResult broken = new BulkItemResult(500, "illegal_state_exception", "boom");
    for (int i = 0; i < 4; i++) {
      transport.answers.add(List.of(broken));
    }

    List<BulkSender.Outcome<String>> outcomes = sender.send(batch);

    assertThat(outcomes).extracting(BulkSender.Outcome::result).containsExactly(broken);
    assertThat(broken.disposition()).isEqualTo(BulkItemResult.Disposition.SERVER_ERROR);
    assertThat(transport.requests).hasSize(4);
  }

  @Test
  void itemsWaitingForAShardLostForGoodAreNotRetriedAndKeepTheirFailure() throws Exception {
    List<List<String>> asked = new ArrayList<>();
    BulkSender<String> checking =
        new BulkSender<>(
            transport,
            THREE_RETRIES,
            sleeps::add,
            BulkListener.NONE,
            waiting -> {
              asked.add(waiting);
              return "b"::equals;
            });
    addDelete("a");
    addDelete("b");
    addDelete("c");
    BulkItemResult unavailable =
        new BulkItemResult(503, "unavailable_shards_exception", "primary shard is not active");
    transport.answers.add(List.of(BulkItemResult.ok(), unavailable, unavailable));
    transport.answers.add(List.of(BulkItemResult.ok()));

    List<BulkSender.Outcome<String>> outcomes = checking.send(batch);

    assertThat(outcomes)
        .containsExactly(
            new BulkSender.Outcome<>("a", BulkItemResult.ok()),
            new BulkSender.Outcome<>("b", unavailable),
            new BulkSender.Outcome<>("c", BulkItemResult.ok()));
    assertThat(asked).containsExactly(List.of("b", "c"));
    assertThat(transport.requests).hasSize(2);
    assertThat(transport.requests.get(1)).contains("\"_id\":\"c\"").doesNotContain("\"_id\":\"b\"");
  }

  @Test
  void onlyItemsWhoseShardWasUnavailableAreChecked() throws Exception {
    List<List<String>> asked = new ArrayList<>();
    BulkSender<String> checking =
        new BulkSender<>(
            transport,
            THREE_RETRIES,
            sleeps::add,
            BulkListener.NONE,
            waiting -> {
              asked.add(waiting);
              return context -> true;
            });
    addDelete("a");
    BulkItemResult tooMany = new BulkItemResult(429, "es_rejected_execution_exception", "full");
    transport.answers.add(List.of(tooMany));
    transport.answers.add(List.of(BulkItemResult.ok()));

    assertThat(checking.send(batch)).extracting(o -> o.result().succeeded()).containsExactly(true);
    assertThat(asked).isEmpty();
  }

  @Test
  void whenTheCheckCannotTellTheItemsAreRetried() throws Exception {
    BulkSender<String> checking =
        new BulkSender<>(
            transport,
            THREE_RETRIES,
            sleeps::add,
            BulkListener.NONE,
            waiting -> {
              throw new ConnectException("refused");
            });
    addDelete("a");
    BulkItemResult unavailable =
        new BulkItemResult(503, "unavailable_shards_exception", "primary shard is not active");
    transport.answers.add(List.of(unavailable));
    transport.answers.add(List.of(BulkItemResult.ok()));

    assertThat(checking.send(batch)).extracting(o -> o.result().succeeded()).containsExactly(true);
    assertThat(transport.requests).hasSize(2);
  }

  @Test
  void aRequestThatIsTooLargeIsSplitAndADocumentTooLargeAloneFailsOnItsOwn() throws Exception {
    BulkSender<String> limited =
        new BulkSender<>(
            (body, length, operations) -> {
              String text = new String(body, 0, length, StandardCharsets.UTF_8);
              transport.requests.add(text);
              if (operations > 1 || text.contains("\"_id\":\"huge\"")) {
                throw new BulkRequestException(413, "too large", null);
              }
              return List.of(BulkItemResult.ok());
            },
            THREE_RETRIES,
            sleeps::add);
    addDelete("a");
    addDelete("huge");
    addDelete("b");

    List<BulkSender.Outcome<String>> outcomes = limited.send(batch);

    assertThat(outcomes)
        .extracting(BulkSender.Outcome::context, o -> o.result().disposition())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", BulkItemResult.Disposition.SUCCESS),
            org.assertj.core.groups.Tuple.tuple("huge", BulkItemResult.Disposition.RECORD_FAILURE),
            org.assertj.core.groups.Tuple.tuple("b", BulkItemResult.Disposition.SUCCESS));
    assertThat(sleeps).as("splitting is not a retry").isEmpty();
  }
}
