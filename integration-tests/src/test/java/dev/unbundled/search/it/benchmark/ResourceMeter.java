package dev.unbundled.search.it.benchmark;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * What one run costs the test JVM, which hosts the Kafka broker, the Connect worker and the
 * connector's tasks:
 *
 * <ul>
 *   <li>CPU per thread through {@link java.lang.management.ThreadMXBean}, sampled every 200 ms and
 *       added up by thread name, so threads that end or are renamed during the run still count,
 *       under the name they had while they worked ({@link CpuCauses} sorts them by cause).
 *   <li>CPU of the whole JVM process (adds the broker serving the fetches, the worker's framework
 *       and the benchmark's own polling), and of its garbage-collector and JIT-compiler threads
 *       (native threads, which the thread bean does not show; read from {@code /proc/self/task}).
 *   <li>The share of the machine's CPU that was busy (from {@code /proc/stat}), Elasticsearch
 *       included.
 *   <li>Heap: the live heap before the run (after a full GC); the largest heap left after any
 *       collection during the run, from the JVM's GC notifications (with G1 an upper bound of the
 *       live heap: old regions not yet collected still count); and, only when probing, the largest
 *       live heap seen by full collections forced every {@code probeInterval}, which is exact but
 *       slows the run down.
 * </ul>
 */
final class ResourceMeter {

  /** What one run cost; CPU in nanoseconds, heap in bytes ({@code heapProbed} -1 if not probed). */
  record Usage(
      long processCpuNanos,
      long gcCpuNanos,
      long jitCpuNanos,
      double machineBusy,
      long heapBefore,
      long heapPeakAfterGc,
      long heapProbed,
      Map<String, Long> cpuByThread) {}

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final Set<String> HEAP_POOLS =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toSet());
  private static final AtomicLong PEAK_AFTER_GC = new AtomicLong();
  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux
  private static final long SAMPLE_MILLIS = 200;

  static {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector)
          .addNotificationListener(
              (notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                    notification.getType())) {
                  long used =
                      GarbageCollectionNotificationInfo.from(
                              (CompositeData) notification.getUserData())
                          .getGcInfo()
                          .getMemoryUsageAfterGc()
                          .entrySet()
                          .stream()
                          .filter(pool -> HEAP_POOLS.contains(pool.getKey()))
                          .mapToLong(pool -> pool.getValue().getUsed())
                          .sum();
                  PEAK_AFTER_GC.accumulateAndGet(used, Math::max);
                }
              },
              null,
              null);
    }
  }

  // Guarded by this. CPU goes to the name a thread has when it is sampled: Connect renames its
  // pooled threads to task-thread-<task> while they run a task, and back afterwards.
  private final Map<Long, Long> threadCpuSeen = new HashMap<>();
  private final Map<String, Long> cpuByName = new HashMap<>();
  private final long processCpuAtStart;
  private final Map<String, Long> nativeAtStart;
  private final long[] machineAtStart;
  private final long heapBefore;
  private final Duration probeInterval;
  private final Thread sampler;
  private volatile boolean running = true;
  private long heapProbed = -1;

  private ResourceMeter(Duration probeInterval) {
    this.probeInterval = probeInterval;
    System.gc();
    heapBefore = heapUsed();
    PEAK_AFTER_GC.set(heapBefore);
    sampleThreads();
    cpuByName.clear();
    processCpuAtStart = OS.getProcessCpuTime();
    nativeAtStart = nativeThreadTicks();
    machineAtStart = machineTicks();
    sampler = new Thread(this::sampleUntilStopped, "benchmark-resource-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /**
   * Starts measuring after a full GC, so the run starts from the live heap; with a {@code
   * probeInterval}, also forces a full GC that often to see the live heap during the run.
   */
  static ResourceMeter start(Duration probeInterval) {
    return new ResourceMeter(probeInterval);
  }

  /** Ends the measurement. */
  Usage stop() throws InterruptedException {
    running = false;
    sampler.interrupt();
    sampler.join();
    sampleThreads();
    long processCpu = OS.getProcessCpuTime() - processCpuAtStart;
    Map<String, Long> nativeAtStop = nativeThreadTicks();
    long gcTicks = 0;
    long jitTicks = 0;
    for (Map.Entry<String, Long> thread : nativeAtStop.entrySet()) {
      long ticks = thread.getValue() - nativeAtStart.getOrDefault(thread.getKey(), 0L);
      String name = thread.getKey().substring(thread.getKey().indexOf(' ') + 1);
      if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
        gcTicks += ticks;
      } else if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
        jitTicks += ticks;
      }
    }
    long[] machine = machineTicks();
    long busy = machine[0] - machineAtStart[0];
    long total = machine[1] - machineAtStart[1];
    Map<String, Long> byThread;
    long probed;
    synchronized (this) {
      byThread = new TreeMap<>(cpuByName);
      probed = heapProbed;
    }
    return new Usage(
        processCpu,
        gcTicks * NANOS_PER_TICK,
        jitTicks * NANOS_PER_TICK,
        total == 0 ? 0 : (double) busy / total,
        heapBefore,
        PEAK_AFTER_GC.get(),
        probed,
        byThread);
  }

  private void sampleUntilStopped() {
    long nextProbe = probeInterval == null ? Long.MAX_VALUE : System.nanoTime() + probeNanos();
    while (running) {
      sampleThreads();
      if (System.nanoTime() >= nextProbe) {
        System.gc();
        long live = heapUsed();
        synchronized (this) {
          heapProbed = Math.max(heapProbed, live);
        }
        nextProbe = System.nanoTime() + probeNanos();
      }
      try {
        Thread.sleep(SAMPLE_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private long probeNanos() {
    return probeInterval.toNanos();
  }

  /**
   * Adds each thread's CPU since the previous sample to its current name. A thread that ends
   * between samples loses at most one interval; one that starts counts from zero.
   */
  private synchronized void sampleThreads() {
    long[] ids = THREADS.getAllThreadIds();
    long[] cpu = THREADS.getThreadCpuTime(ids);
    ThreadInfo[] infos = THREADS.getThreadInfo(ids, 0);
    for (int i = 0; i < ids.length; i++) {
      if (cpu[i] < 0 || infos[i] == null) {
        continue; // ended meanwhile
      }
      Long previous = threadCpuSeen.put(ids[i], cpu[i]);
      long used = cpu[i] - (previous == null ? 0 : previous);
      if (used > 0) {
        cpuByName.merge(infos[i].getThreadName(), used, Long::sum);
      }
    }
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .map(MemoryPoolMXBean::getUsage)
        .mapToLong(MemoryUsage::getUsed)
        .sum();
  }

  /** CPU ticks of every native thread of this JVM, keyed by "tid name". */
  private static Map<String, Long> nativeThreadTicks() {
    Map<String, Long> ticks = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        ticks.put(task.getFileName() + " " + name, cpuTicks(stat));
      }
    } catch (IOException e) {
      return Map.of();
    }
    return ticks;
  }

  /**
   * User plus system CPU of a process or thread, in ticks of 10 ms, from the text of its {@code
   * /proc/.../stat} file.
   */
  static long cpuTicks(String stat) {
    // After the name (which may hold spaces, hence the last parenthesis): state is field 0, utime
    // field 11, stime field 12.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** Busy and total ticks of all CPUs since boot. */
  private static long[] machineTicks() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
      String[] fields = lines.get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < fields.length && i <= 8; i++) {
        total += Long.parseLong(fields[i]);
      }
      long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
      return new long[] {total - idle, total};
    } catch (IOException e) {
      return new long[] {0, 0};
    }
  }
}
