package dev.unbundled.search.connector.bulk;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Collects operations into bulk requests and sends them in the background, several at once.
 *
 * <ul>
 *   <li>A request is sent when it reaches its count or byte limit, when it has waited {@code
 *       linger}, or after {@link #flush()}, as soon as it may start.
 *   <li>It may start when fewer requests are in flight than the {@link ConcurrencyLimit} allows
 *       (fixed, or adapted to the cluster's answers, never above its maximum) and, unless none is
 *       in flight, they hold less than {@code maxBufferedBytes} with it. With {@code
 *       orderPerDocument} (for writes whose order matters: upserts, and versions two writes may
 *       share) it also waits until no earlier request for any of its documents is in flight, so
 *       each document's writes apply in order. Until then it stays open (it is the only request
 *       waiting, so requests start in the order they were filled).
 *   <li>A full request that may not start leaves no room: {@link #add} waits until it has started.
 *       That is the task's backpressure, and what bounds its memory to {@code maxBufferedBytes}
 *       plus one request. {@link #add(DocumentOperation, Object, Duration)} waits at most as long
 *       as it is told, so that a task never blocks for as long as the cluster is away; {@link
 *       #flush()} never waits.
 * </ul>
 *
 * <p>Results come back through {@link #drain()}, to be handled on the caller's thread.
 *
 * @param <C> the caller's context for each operation
 */
public final class BulkWriter<C> implements AutoCloseable {

  /** Limits and timing of bulk requests. */
  public record Settings(
      int maxOperations,
      int maxBytes,
      Duration linger,
      ConcurrencyLimit inFlight,
      long maxBufferedBytes,
      boolean orderPerDocument) {}

  /**
   * What came of one request: the outcome of each operation, or the failure that ended the whole
   * request (then {@code outcomes} is empty and {@code contexts} names the operations it held).
   */
  public record Completion<C>(
      List<C> contexts, List<BulkSender.Outcome<C>> outcomes, IOException failure) {}

  private static final AtomicInteger WRITERS = new AtomicInteger();

  private final BulkSender<C> sender;
  private final Settings settings;
  private final ExecutorService senders;
  private final ScheduledExecutorService lingerTimer;
  private final Queue<Completion<C>> completions = new ConcurrentLinkedQueue<>();

  // Guarded by this.
  private BulkBatch<C> batch = new BulkBatch<>();
  private Set<String> batchDocuments = new HashSet<>();
  private long batchStartedNanos;
  private int inFlight;
  private long inFlightBytes;
  private final Map<String, Integer> inFlightDocuments = new HashMap<>();
  // Bodies of answered requests, reused by the next ones: a body is about a megabyte, and
  // allocated (and zeroed) per request it was most of what the task allocated. At most one per
  // request that may be in flight: no more memory than a busy writer holds anyway.
  private final Deque<byte[]> spareBodies = new ArrayDeque<>();
  private boolean flushWanted;

  public BulkWriter(BulkSender<C> sender, Settings settings) {
    this.sender = sender;
    this.settings = settings;
    int writer = WRITERS.incrementAndGet();
    this.senders =
        Executors.newFixedThreadPool(settings.inFlight().max(), threads("bulk-" + writer));
    this.lingerTimer = Executors.newSingleThreadScheduledExecutor(threads("linger-" + writer));
    long period = Math.max(1, settings.linger().toMillis() / 2);
    lingerTimer.scheduleWithFixedDelay(this::sendIfLingered, period, period, TimeUnit.MILLISECONDS);
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "search-sink-" + prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Adds an operation, waiting for room as long as it takes; sends the request if that filled it.
   *
   * @throws IOException when the operation's source cannot be serialized; nothing was added
   */
  public void add(DocumentOperation operation, C context) throws IOException, InterruptedException {
    add(operation, context, null);
  }

  /**
   * Adds an operation unless there is no room for {@code maxWait} (a full request waits for
   * capacity); sends the request if that filled it and it may start.
   *
   * @param maxWait longest wait for room; {@code null} for as long as it takes
   * @return false when there was no room in time: nothing was added
   * @throws IOException when the operation's source cannot be serialized; nothing was added
   */
  public synchronized boolean add(DocumentOperation operation, C context, Duration maxWait)
      throws IOException, InterruptedException {
    long deadline = maxWait == null ? 0 : System.nanoTime() + maxWait.toNanos();
    while (!hasRoom()) {
      if (maxWait == null) {
        wait();
      } else {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
    if (batch.isEmpty()) {
      batchStartedNanos = System.nanoTime();
    }
    batch.add(operation, context);
    if (settings.orderPerDocument()) {
      batchDocuments.add(documentKey(operation));
    }
    startIfDue();
    return true;
  }

  /**
   * Whether another operation may be added now: the request being filled is not full, or starts.
   */
  private boolean hasRoom() {
    return !isFull() || mayStart(batch, batchDocuments);
  }

  private boolean isFull() {
    return batch.size() >= settings.maxOperations() || batch.sizeInBytes() >= settings.maxBytes();
  }

  /** Sends what has been added so far as soon as it may start; never waits. */
  public synchronized void flush() {
    if (!batch.isEmpty()) {
      flushWanted = true;
      startIfDue();
    }
  }

  /** The results that came back since the last call, in completion order. */
  public List<Completion<C>> drain() {
    List<Completion<C>> drained = new ArrayList<>();
    for (Completion<C> completion; (completion = completions.poll()) != null; ) {
      drained.add(completion);
    }
    return drained;
  }

  /** Whether results came back that {@link #drain()} has not handed out yet. */
  public boolean hasCompletions() {
    return !completions.isEmpty();
  }

  /** Waits until no request is in flight; false if that took longer than {@code timeout}. */
  public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight > 0 || flushWanted && !batch.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Bytes of serialized operations held: in flight, and in the request being filled. */
  public synchronized long bufferedBytes() {
    return inFlightBytes + batch.sizeInBytes();
  }

  public synchronized int inFlightRequests() {
    return inFlight;
  }

  private synchronized void sendIfLingered() {
    startIfDue();
  }

  /** Starts the request being filled if it is due (full, lingered or flushed) and may start. */
  private void startIfDue() {
    if (batch.isEmpty() || senders.isShutdown()) {
      return;
    }
    boolean due =
        flushWanted
            || isFull()
            || System.nanoTime() - batchStartedNanos >= settings.linger().toNanos();
    if (due && mayStart(batch, batchDocuments)) {
      sendBatch();
    }
  }

  /** Closes the current request and starts it. */
  private void sendBatch() {
    BulkBatch<C> sending = batch;
    Set<String> documents = batchDocuments;
    byte[] spare = spareBodies.poll();
    batch =
        spare != null
            ? new BulkBatch<>(spare)
            : new BulkBatch<>(expectedBytes(sending.sizeInBytes()));
    batchDocuments = new HashSet<>();
    flushWanted = false;
    inFlight++;
    inFlightBytes += sending.sizeInBytes();
    documents.forEach(document -> inFlightDocuments.merge(document, 1, Integer::sum));
    notifyAll();
    senders.execute(() -> send(sending, documents));
  }

  /**
   * How large the next request's body will likely get: like the last one (requests close at about
   * the same size under steady load), with room for one more document, never much above the limit.
   */
  private int expectedBytes(int lastBytes) {
    long expected = (long) lastBytes + lastBytes / 8;
    return (int) Math.min(expected, (long) settings.maxBytes() + 64 * 1024);
  }

  /** A body grown far past the request limit by one huge document is not worth keeping. */
  private int maxPooledBody() {
    return expectedBytes(settings.maxBytes());
  }

  private boolean mayStart(BulkBatch<C> sending, Set<String> documents) {
    if (inFlight >= settings.inFlight().current()) {
      settings.inFlight().limitReached();
      return false;
    }
    if (inFlight > 0 && inFlightBytes + sending.sizeInBytes() > settings.maxBufferedBytes()) {
      return false;
    }
    for (String document : documents) {
      if (inFlightDocuments.containsKey(document)) {
        return false;
      }
    }
    return true;
  }

  private void send(BulkBatch<C> sending, Set<String> documents) {
    int bytes = sending.sizeInBytes();
    Completion<C> completion;
    try {
      completion = new Completion<>(sending.contexts(), sender.send(sending), null);
    } catch (IOException e) {
      completion = new Completion<>(sending.contexts(), List.of(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      completion =
          new Completion<>(sending.contexts(), List.of(), new IOException("Interrupted", e));
    } catch (RuntimeException e) {
      completion = new Completion<>(sending.contexts(), List.of(), new IOException(e));
    }
    completions.add(completion);
    // Only the body of a request that was answered is reused: after a failure (a timeout, an
    // interruption) the HTTP client might, in principle, still be reading it.
    byte[] body = completion.failure() == null ? sending.releaseBuffer() : null;
    synchronized (this) {
      if (body != null
          && spareBodies.size() < settings.inFlight().max()
          && body.length <= maxPooledBody()) {
        spareBodies.push(body);
      }
      inFlight--;
      inFlightBytes -= bytes;
      for (String document : documents) {
        inFlightDocuments.computeIfPresent(document, (key, count) -> count == 1 ? null : count - 1);
      }
      startIfDue();
      notifyAll();
    }
  }

  private static String documentKey(DocumentOperation operation) {
    return operation.target() + '\u0000' + operation.id();
  }

  /**
   * Stops sending: waits up to {@code timeout} for requests in flight, then abandons them. What was
   * not sent or not answered is simply not acknowledged, so its offsets are never committed.
   */
  public void close(Duration timeout) throws InterruptedException {
    lingerTimer.shutdownNow();
    senders.shutdown();
    if (!senders.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      senders.shutdownNow();
    }
  }

  @Override
  public void close() throws InterruptedException {
    close(Duration.ZERO);
  }
}
