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
 *       linger}, or on {@link #flush()}.
 *   <li>At most as many requests as the {@link ConcurrencyLimit} allows are in flight (fixed, or
 *       adapted to the cluster's answers, never above its maximum), and at most {@code
 *       maxBufferedBytes} are held in flight and waiting: beyond that, {@link #add} and {@link
 *       #flush} block until requests complete. That is the task's backpressure, and what bounds its
 *       memory.
 *   <li>Requests start in the order they were closed. With {@code orderPerDocument} (for writes
 *       whose order matters: upserts, and versions two writes may share) a request also waits until
 *       no earlier request for any of its documents is in flight, so each document's writes apply
 *       in order.
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
  private long nextTicket;
  private long startingTicket;

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
   * Adds an operation; sends the request if that filled it (waiting for capacity if needed).
   *
   * @throws IOException when the operation's source cannot be serialized; nothing was added
   */
  public synchronized void add(DocumentOperation operation, C context)
      throws IOException, InterruptedException {
    if (batch.isEmpty()) {
      batchStartedNanos = System.nanoTime();
    }
    batch.add(operation, context);
    if (settings.orderPerDocument()) {
      batchDocuments.add(documentKey(operation));
    }
    if (batch.size() >= settings.maxOperations() || batch.sizeInBytes() >= settings.maxBytes()) {
      sendBatch();
    }
  }

  /** Sends what has been added so far, without waiting for the answer. */
  public synchronized void flush() throws InterruptedException {
    if (!batch.isEmpty()) {
      sendBatch();
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
    while (inFlight > 0 || startingTicket < nextTicket) {
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

  private void sendIfLingered() {
    synchronized (this) {
      if (batch.isEmpty() || System.nanoTime() - batchStartedNanos < settings.linger().toNanos()) {
        return;
      }
      try {
        sendBatch();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Closes the current request and starts it once capacity and ordering allow. */
  private void sendBatch() throws InterruptedException {
    BulkBatch<C> sending = batch;
    Set<String> documents = batchDocuments;
    byte[] spare = spareBodies.poll();
    batch =
        spare != null
            ? new BulkBatch<>(spare)
            : new BulkBatch<>(expectedBytes(sending.sizeInBytes()));
    batchDocuments = new HashSet<>();
    long ticket = nextTicket++;
    try {
      while (ticket != startingTicket || !mayStart(sending, documents)) {
        wait();
      }
    } catch (InterruptedException e) {
      // Give the turn up, or every later request would wait for it forever.
      completions.add(
          new Completion<>(
              sending.contexts(), List.of(), new IOException("Interrupted before sending", e)));
      startingTicket++;
      notifyAll();
      throw e;
    }
    startingTicket++;
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
