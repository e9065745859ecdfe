package dev.unbundled.search.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes a JFR recording of the end-to-end benchmark: where the CPU samples of the JVM went by
 * thread, and for the connector's threads the hottest methods (self and total) and allocation
 * sites. Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.unbundled.search.benchmarks.JfrSummary recording.jfr [thread-regex] [rows]}.
 */
public final class JfrSummary {

  /**
   * The connector's threads in the benchmark: its tasks, bulk senders, client I/O, life cycle. JFR
   * names a thread once per recording, so Connect's pooled task threads (renamed while they run a
   * task) are also recognized by a WorkerSinkTask frame on their stack.
   */
  private static final String CONNECTOR_THREADS =
      "task-thread-.*|search-sink-.*|elasticsearch-rest-client-.*";

  private static final String TASK_FRAME = "org.apache.kafka.connect.runtime.WorkerSinkTask";

  private final Pattern threads;
  private final Map<String, Long> samplesByThreadGroup = new HashMap<>();
  private final Map<String, Long> selfByMethod = new HashMap<>();
  private final Map<String, Long> totalByMethod = new HashMap<>();
  private final Map<String, Long> selfByPackage = new HashMap<>();
  private final Map<String, Long> allocationBySite = new HashMap<>();
  private final Map<String, Long> allocationByClass = new HashMap<>();
  private long samples;
  private long matchedSamples;
  private long allocatedBytes;

  private JfrSummary(Pattern threads) {
    this.threads = threads;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("Usage: JfrSummary recording.jfr [thread-regex] [rows]");
      System.exit(2);
    }
    JfrSummary summary =
        new JfrSummary(Pattern.compile(args.length > 1 ? args[1] : CONNECTOR_THREADS));
    int rows = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
      while (recording.hasMoreEvents()) {
        summary.add(recording.readEvent());
      }
    }
    summary.print(rows);
  }

  private void add(RecordedEvent event) {
    String type = event.getEventType().getName();
    if (type.equals("jdk.ExecutionSample")) {
      addSample(event);
    } else if (type.equals("jdk.ObjectAllocationSample")) {
      addAllocation(event);
    }
  }

  private void addSample(RecordedEvent event) {
    String thread = threadName(event.getThread("sampledThread"));
    samples++;
    samplesByThreadGroup.merge(group(thread), 1L, Long::sum);
    if (event.getStackTrace() == null || !selected(thread, event.getStackTrace())) {
      return;
    }
    matchedSamples++;
    List<RecordedFrame> frames = event.getStackTrace().getFrames();
    if (frames.isEmpty()) {
      return;
    }
    String top = method(frames.get(0));
    selfByMethod.merge(top, 1L, Long::sum);
    selfByPackage.merge(packageOf(frames.get(0)), 1L, Long::sum);
    Set<String> seen = new HashSet<>();
    for (RecordedFrame frame : frames) {
      String method = method(frame);
      if (seen.add(method)) {
        totalByMethod.merge(method, 1L, Long::sum);
      }
    }
  }

  private void addAllocation(RecordedEvent event) {
    String thread = threadName(event.getThread("eventThread"));
    if (event.getStackTrace() == null || !selected(thread, event.getStackTrace())) {
      return;
    }
    long weight = event.getLong("weight");
    allocatedBytes += weight;
    String objectClass = event.getClass("objectClass").getName();
    allocationByClass.merge(objectClass, weight, Long::sum);
    RecordedStackTrace stack = event.getStackTrace();
    if (stack != null) {
      // The first frame outside the JDK says who allocated.
      String site = "?";
      for (RecordedFrame frame : stack.getFrames()) {
        String method = method(frame);
        site = method;
        if (!method.startsWith("java.") && !method.startsWith("jdk.")) {
          break;
        }
      }
      allocationBySite.merge(site, weight, Long::sum);
    }
  }

  private boolean selected(String thread, RecordedStackTrace stack) {
    if (threads.matcher(thread).matches()) {
      return true;
    }
    for (RecordedFrame frame : stack.getFrames()) {
      RecordedMethod method = frame.getMethod();
      if (method != null && method.getType().getName().equals(TASK_FRAME)) {
        return true;
      }
    }
    return false;
  }

  private static String threadName(RecordedThread thread) {
    if (thread == null) {
      return "?";
    }
    return thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
  }

  /** Thread names without their numbers, so a pool's threads add up. */
  private static String group(String thread) {
    return thread.replaceAll("\\d+", "N");
  }

  private static String method(RecordedFrame frame) {
    RecordedMethod method = frame.getMethod();
    return method == null ? "?" : method.getType().getName() + "." + method.getName();
  }

  private static String packageOf(RecordedFrame frame) {
    RecordedMethod method = frame.getMethod();
    if (method == null) {
      return "?";
    }
    String type = method.getType().getName();
    int dot = type.lastIndexOf('.');
    return dot < 0 ? "" : type.substring(0, dot);
  }

  private void print(int rows) {
    System.out.printf(
        "CPU samples: %d in all, %d on the selected threads%n", samples, matchedSamples);
    System.out.println("\nSamples by thread (numbers as N):");
    top(samplesByThreadGroup, rows, samples);
    System.out.println("\nSelected threads, self time by package:");
    top(selfByPackage, rows, matchedSamples);
    System.out.println("\nSelected threads, self time by method:");
    top(selfByMethod, rows, matchedSamples);
    System.out.println("\nSelected threads, total time (method on the stack):");
    top(totalByMethod, rows * 2, matchedSamples);
    System.out.printf(
        "%nSelected threads, allocation (sampled, weighted): %,d MB%n", allocatedBytes >> 20);
    System.out.println("By class:");
    top(allocationByClass, rows, allocatedBytes);
    System.out.println("By first frame outside the JDK:");
    top(allocationBySite, rows, allocatedBytes);
  }

  private static void top(Map<String, Long> counts, int rows, long total) {
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(rows)
        .forEach(
            entry ->
                System.out.printf(
                    "  %5.1f %%  %s%n",
                    100.0 * entry.getValue() / Math.max(1, total), entry.getKey()));
  }
}
