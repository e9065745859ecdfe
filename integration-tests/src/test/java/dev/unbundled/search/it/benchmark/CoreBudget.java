package dev.unbundled.search.it.benchmark;

/**
 * The cores a layout gives the search engine and the test JVM, and the highest rate their CPU
 * allows: where both share every core, each record's engine and JVM CPU come out of the same
 * core-seconds; where each has cores of its own, the side that runs out first sets the rate.
 *
 * @param engineCores cores the search engine may use
 * @param jvmCores cores the test JVM (broker, worker, connector, raw senders) may use
 * @param shared whether those are the same cores
 */
record CoreBudget(int engineCores, int jvmCores, boolean shared) {

  static CoreBudget shared(int cores) {
    return new CoreBudget(cores, cores, true);
  }

  static CoreBudget pinned(String engineCpus, String jvmCpus) {
    return new CoreBudget(cpusIn(engineCpus), cpusIn(jvmCpus), false);
  }

  /**
   * Records per second the cores allow at the given CPU cost per record (seconds), were they all
   * busy: the ceiling set by core-seconds, whatever the pipeline does.
   */
  double ceilingRate(double engineCpuPerRecord, double jvmCpuPerRecord) {
    if (shared) {
      return engineCores / (engineCpuPerRecord + jvmCpuPerRecord);
    }
    return Math.min(engineCores / engineCpuPerRecord, jvmCores / jvmCpuPerRecord);
  }

  /** How many CPUs a {@code taskset} list names: {@code 0}, {@code 0-1}, {@code 0,2-3}. */
  static int cpusIn(String list) {
    int cpus = 0;
    for (String part : list.split(",")) {
      String[] range = part.trim().split("-");
      cpus +=
          range.length == 1
              ? 1
              : Integer.parseInt(range[1].trim()) - Integer.parseInt(range[0].trim()) + 1;
    }
    return cpus;
  }
}
