package dev.unbundled.search.connector.bulk;

import java.time.Duration;

/** Waits between retries; tests hand in one that does not really sleep. */
@FunctionalInterface
public interface Sleeper {

  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
