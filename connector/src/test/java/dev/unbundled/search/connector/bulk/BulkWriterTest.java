package dev.unbundled.search.connector.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BulkWriterTest {

  private static final RetryPolicy NO_RETRIES =
      new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1));
  private static final Duration NO_LINGER = Duration.ofHours(1);

  /** Holds each request until the test releases it, and records what was sent and when. */
  private static final class GatedTransport implements BulkTransport {
    final Semaphore gate = new Semaphore(0);
    final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    final Set<byte[]> bodies =
        Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    final List<String> changedInFlight = Collections.synchronizedList(new ArrayList<>());

    @Override
    public List<BulkItemResult> send(byte[] body, int length, int operations) throws IOException {
      String content = new String(body, 0, length, StandardCharsets.UTF_8);
      sent.add(content);
      bodies.add(body);
      maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
      try {
        if (!gate.tryAcquire(10, TimeUnit.SECONDS)) {
          throw new IOException("test gate never opened");
        }
      } catch (InterruptedException e) {
        throw new IOException(e);
      } finally {
        concurrent.decrementAndGet();
      }
      if (!content.equals(new String(body, 0, length, StandardCharsets.UTF_8))) {
        changedInFlight.add(content);
      }
      return Collections.nCopies(operations, BulkItemResult.ok());
    }
  }

  private final GatedTransport transport = new GatedTransport();
  private BulkWriter<String> writer;

  private BulkWriter<String> writer(
      int maxOperations, Duration linger, int maxInFlight, long maxBufferedBytes, boolean ordered) {
    writer =
        new BulkWriter<>(
            new BulkSender<>(transport, NO_RETRIES, d -> {}),
            new BulkWriter.Settings(
                maxOperations,
                1 << 20,
                linger,
                ConcurrencyLimit.fixed(maxInFlight),
                maxBufferedBytes,
                ordered));
    return writer;
  }

  @AfterEach
  void close() throws InterruptedException {
    transport.gate.release(1000);
    writer.close(Duration.ofSeconds(5));
  }

  private static DocumentOperation doc(String id) {
    return DocumentOperation.index("i", id, null, g -> g.writeString(id));
  }

  private void awaitSent(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (transport.sent.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  private List<BulkWriter.Completion<String>> awaitCompletions(int count) throws Exception {
    List<BulkWriter.Completion<String>> all = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (all.size() < count && System.nanoTime() < deadline) {
      all.addAll(writer.drain());
      Thread.sleep(5);
    }
    return all;
  }

  @Test
  void aFullRequestIsSentWithoutWaitingForTheAnswer() throws Exception {
    writer(2, NO_LINGER, 1, 1 << 20, false);
    writer.add(doc("a"), "a");
    assertThat(transport.sent).isEmpty();

    writer.add(doc("b"), "b");

    assertThat(writer.inFlightRequests()).isEqualTo(1);
    transport.gate.release();
    List<BulkWriter.Completion<String>> completions = awaitCompletions(1);
    assertThat(completions)
        .singleElement()
        .satisfies(c -> assertThat(c.contexts()).containsExactly("a", "b"));
  }

  @Test
  void aPartialRequestIsSentOnceItHasLingered() throws Exception {
    writer(1000, Duration.ofMillis(20), 1, 1 << 20, false);
    transport.gate.release();

    writer.add(doc("a"), "a");

    assertThat(awaitCompletions(1)).hasSize(1);
  }

  @Test
  void flushSendsAPartialRequest() throws Exception {
    writer(1000, NO_LINGER, 1, 1 << 20, false);
    transport.gate.release();
    writer.add(doc("a"), "a");

    writer.flush();

    assertThat(awaitCompletions(1)).hasSize(1);
  }

  @Test
  void neverMoreRequestsInFlightThanAllowed() throws Exception {
    writer(1, NO_LINGER, 2, 1 << 20, false);
    Thread producer =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < 6; i++) {
                  writer.add(doc("d" + i), "d" + i);
                }
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    producer.start();
    awaitSent(2);
    Thread.sleep(100); // time for a request that must not start to start anyway
    assertThat(transport.sent).hasSize(2);
    assertThat(producer.isAlive()).as("add blocks while the limit is reached").isTrue();

    transport.gate.release(6);
    producer.join(10_000);

    assertThat(awaitCompletions(6)).hasSize(6);
    assertThat(transport.maxConcurrent.get()).isEqualTo(2);
  }

  @Test
  void requestBodiesAreReusedOnlyOnceTheirRequestHasCompleted() throws Exception {
    writer(1, NO_LINGER, 2, 1 << 20, false);
    Thread producer =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < 20; i++) {
                  writer.add(doc("d" + i), "d" + i);
                }
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    producer.start();
    for (int i = 0; i < 20; i++) {
      awaitSent(Math.min(20, i + 2));
      Thread.sleep(5); // a producer free to overwrite a body in flight has the time to do it
      transport.gate.release();
    }
    producer.join(10_000);

    assertThat(awaitCompletions(20)).hasSize(20);
    assertThat(transport.changedInFlight).isEmpty();
    assertThat(transport.sent).hasSize(20).doesNotHaveDuplicates();
    assertThat(transport.bodies).as("bodies are reused").hasSizeLessThan(20);
  }

  @Test
  void bufferedBytesAreCapped() throws Exception {
    writer(1, NO_LINGER, 10, 1, false);
    CountDownLatch added = new CountDownLatch(1);
    Thread producer =
        new Thread(
            () -> {
              try {
                writer.add(doc("a"), "a");
                writer.add(doc("b"), "b"); // held in the open request: it may not start
                writer.add(doc("c"), "c");
                added.countDown();
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    producer.start();

    assertThat(added.await(200, TimeUnit.MILLISECONDS))
        .as("the third operation waits while the first request holds the buffer")
        .isFalse();
    assertThat(writer.bufferedBytes()).isGreaterThan(1);
    transport.gate.release(3);
    assertThat(added.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void withOrderPerDocumentARequestWaitsForEarlierWritesOfItsDocuments() throws Exception {
    writer(1, NO_LINGER, 4, 1 << 20, true);
    writer.add(doc("same"), "first");
    Thread producer =
        new Thread(
            () -> {
              try {
                writer.add(doc("other"), "other");
                writer.add(doc("same"), "second");
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    producer.start();
    awaitSent(2);
    Thread.sleep(100); // time for a request that must not start to start anyway

    assertThat(transport.sent).hasSize(2);
    assertThat(transport.sent).filteredOn(body -> body.contains("\"_id\":\"same\"")).hasSize(1);

    transport.gate.release(2);
    producer.join(10_000);
    awaitSent(3);
    transport.gate.release(1);

    assertThat(awaitCompletions(3)).hasSize(3);
    assertThat(transport.sent).filteredOn(body -> body.contains("\"_id\":\"same\"")).hasSize(2);
  }

  @Test
  void withoutOrderPerDocumentWritesOfOneDocumentMayOverlap() throws Exception {
    writer(1, NO_LINGER, 4, 1 << 20, false);
    writer.add(doc("same"), "first");
    writer.add(doc("same"), "second");
    awaitSent(2);

    assertThat(transport.sent).hasSize(2);
    transport.gate.release(2);
    assertThat(awaitCompletions(2)).hasSize(2);
  }

  @Test
  void aBoundedAddGivesUpWhenNoRequestCanStartAndNeverBlocksFlush() throws Exception {
    writer(1, NO_LINGER, 1, 1 << 20, false);
    writer.add(doc("a"), "a");
    awaitSent(1);
    assertThat(writer.add(doc("b"), "b", Duration.ofMillis(10)))
        .as("the open request may hold one more")
        .isTrue();

    long started = System.nanoTime();
    assertThat(writer.add(doc("c"), "c", Duration.ofMillis(50))).isFalse();
    writer.flush();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

    transport.gate.release(2);
    assertThat(writer.add(doc("c"), "c", Duration.ofSeconds(10))).isTrue();
    transport.gate.release(1);
    assertThat(awaitCompletions(3)).hasSize(3);
  }

  @Test
  void awaitIdleWaitsForRequestsInFlight() throws Exception {
    writer(1, NO_LINGER, 2, 1 << 20, false);
    writer.add(doc("a"), "a");

    assertThat(writer.awaitIdle(Duration.ofMillis(100))).isFalse();
    transport.gate.release();
    assertThat(writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void anAdaptiveLimitStartsAtOneRequestAndGrowsWhileRequestsWaitForIt() throws Exception {
    ConcurrencyLimit limit = ConcurrencyLimit.adaptive(3, ConcurrencyLimit.Listener.NONE);
    writer =
        new BulkWriter<>(
            new BulkSender<>(transport, NO_RETRIES, d -> {}, limit),
            new BulkWriter.Settings(1, 1 << 20, NO_LINGER, limit, 1 << 20, false));
    writer.add(doc("a"), "a");
    Thread adder =
        new Thread(
            () -> {
              try {
                for (String id : List.of("b", "c", "d", "e", "f")) {
                  writer.add(doc(id), id);
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    adder.start();
    awaitSent(1);
    Thread.sleep(100);
    assertThat(transport.sent).as("b waits: the limit starts at one request").hasSize(1);

    // A window of answers (a to d, one at a time) at a flat latency while requests waited: the
    // limit grows, and e and f go out together.
    transport.gate.release(ConcurrencyLimit.MIN_WINDOW);
    awaitSent(6);
    assertThat(transport.maxConcurrent.get()).isEqualTo(2);
    transport.gate.release(2);
    adder.join(10_000);

    assertThat(limit.limit()).isEqualTo(2);
    assertThat(transport.sent).hasSize(6);
  }

  @Test
  void aFailedRequestComesBackWithItsContexts() throws Exception {
    writer =
        new BulkWriter<>(
            new BulkSender<>(
                (body, length, operations) -> {
                  throw new BulkRequestException(400, "bad request", null);
                },
                NO_RETRIES,
                d -> {}),
            new BulkWriter.Settings(
                2, 1 << 20, NO_LINGER, ConcurrencyLimit.fixed(1), 1 << 20, false));
    writer.add(doc("a"), "a");
    writer.add(doc("b"), "b");

    List<BulkWriter.Completion<String>> completions = awaitCompletions(1);

    assertThat(completions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.failure()).isInstanceOf(BulkRequestException.class);
              assertThat(c.contexts()).containsExactly("a", "b");
            });
  }
}
