package dev.unbundled.search.connector.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
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
  void givesUpAfterMaxRetries() throws IOException {
    addDelete("a");
    for (int i = 0; i < 4; i++) {
      transport.answers.add(new ConnectException("refused"));
    }

    assertThatThrownBy(() -> sender.send(batch))
        .isInstanceOf(BulkRetriesExhaustedException.class)
        .hasMessageContaining("4 times")
        .hasMessageContaining("refused");
    assertThat(transport.requests).hasSize(4);
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
  void itemsStillTurnedAwayAfterMaxRetriesFail() throws Exception {
    addDelete("a");
    BulkItemResult tooMany = new BulkItemResult(429, "es_rejected_execution_exception", "full");
    for (int i = 0; i < 4; i++) {
      transport.answers.add(List.of(tooMany));
    }

    List<BulkSender.Outcome<String>> outcomes = sender.send(batch);

    assertThat(outcomes).extracting(BulkSender.Outcome::result).containsExactly(tooMany);
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
