package dev.unbundled.search.connector.client;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out, once, which engine a running connector writes to: logs it, hands it to the metrics,
 * and reports an engine the connector does not support (validation normally refuses it first; this
 * catches a cluster replaced under a running connector). Run repeatedly until the cluster answers:
 * the connector starts whether or not the cluster is up.
 */
public final class EngineReport implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(EngineReport.class);

  private final String connector;
  private final RestRequests client;
  private final Consumer<SearchEngine> detected;
  private final Consumer<String> unsupported;
  private volatile boolean done;

  /**
   * @param detected told the engine once it is known
   * @param unsupported told why the connector cannot work with it
   */
  public EngineReport(
      String connector,
      RestRequests client,
      Consumer<SearchEngine> detected,
      Consumer<String> unsupported) {
    this.connector = connector;
    this.client = client;
    this.detected = detected;
    this.unsupported = unsupported;
  }

  @Override
  public void run() {
    if (done) {
      return;
    }
    Optional<SearchEngine> engine;
    try {
      engine = EngineDetector.detect(client);
    } catch (IOException | RuntimeException notYet) {
      log.debug("Connector {}: cannot ask which engine it writes to yet: {}", connector, notYet);
      return;
    }
    done = true;
    if (engine.isEmpty()) {
      log.warn(
          "Connector {}: the cluster would not say which engine and version it is (GET / and the"
              + " nodes info refused; its user may lack the monitor privilege)",
          connector);
      return;
    }
    log.info("Connector {} writes to {}", connector, engine.get());
    detected.accept(engine.get());
    engine.get().unsupportedReason().ifPresent(unsupported);
  }

  /** Whether the engine was asked (successfully or not) and reported. */
  public boolean done() {
    return done;
  }
}
