package dev.unbundled.search.it.benchmark;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The adaptive in-flight limit of a connector's tasks over one run, read from the task metrics (the
 * worker runs in the test JVM, so its MBeans are local). Samples when the benchmark polls; keeps
 * only changes.
 */
final class InFlightLimitTimeline {

  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

  /** A task's limit from {@code seconds} into the run on. */
  record Point(double seconds, String task, int limit) {}

  private final String connector;
  private final List<Point> points = new ArrayList<>();
  private final Map<String, Integer> last = new HashMap<>();

  /** Task-seconds spent at each limit. */
  private final Map<Integer, Double> secondsAtLimit = new HashMap<>();

  private double lastSample = Double.NaN;

  InFlightLimitTimeline(String connector) {
    this.connector = connector;
  }

  /** Reads every task's limit now, {@code seconds} into the run. */
  void sample(double seconds) {
    Set<ObjectName> tasks;
    try {
      tasks =
          SERVER.queryNames(
              new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",task=*"),
              null);
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException(e);
    }
    double elapsed = Double.isNaN(lastSample) ? 0 : seconds - lastSample;
    lastSample = seconds;
    for (ObjectName task : tasks) {
      Object value = attribute(task, "in-flight-limit");
      if (!(value instanceof Number number)) {
        continue;
      }
      String id = task.getKeyProperty("task");
      Integer previous = last.put(id, number.intValue());
      if (previous != null) {
        secondsAtLimit.merge(previous, elapsed, Double::sum);
      }
      if (previous == null || previous != number.intValue()) {
        points.add(new Point(seconds, id, number.intValue()));
      }
    }
  }

  /** The limit the tasks held longest during the run, or NaN if none was read. */
  double typical() {
    return secondsAtLimit.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(e -> (double) e.getKey())
        .orElse(Double.NaN);
  }

  /** Changes seen, over all tasks (the first reading of each task is no change). */
  int changes() {
    return points.size() - last.size();
  }

  /** Such as {@code task 0: 1 @0.0s, 2 @0.4s, 3 @0.9s}. */
  String describe() {
    StringBuilder out = new StringBuilder();
    for (String task : new TreeSet<>(last.keySet())) {
      out.append(out.isEmpty() ? "" : "; ").append("task ").append(task).append(':');
      String separator = " ";
      for (Point point : points) {
        if (point.task().equals(task)) {
          out.append(separator)
              .append(String.format(Locale.ROOT, "%d @%.1fs", point.limit(), point.seconds()));
          separator = ", ";
        }
      }
    }
    return out.toString();
  }

  private static Object attribute(ObjectName name, String attribute) {
    try {
      return SERVER.getAttribute(name, attribute);
    } catch (JMException e) {
      return null; // the task stopped meanwhile
    }
  }
}
