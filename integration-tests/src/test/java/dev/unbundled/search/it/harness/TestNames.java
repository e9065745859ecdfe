package dev.unbundled.search.it.harness;

import java.util.concurrent.atomic.AtomicInteger;

/** Names that no other test of the run uses, so tests can share the servers. */
public final class TestNames {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final String RUN = Long.toString(System.currentTimeMillis() % 100_000, 36);

  private TestNames() {}

  /** For example {@code orders-3k1-7}: lower case, valid as topic, connector and index name. */
  public static String unique(String prefix) {
    return prefix + "-" + RUN + "-" + COUNTER.incrementAndGet();
  }
}
