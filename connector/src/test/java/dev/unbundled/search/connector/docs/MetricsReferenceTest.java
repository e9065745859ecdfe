package dev.unbundled.search.connector.docs;

import dev.unbundled.search.connector.metrics.SinkMetric;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The metrics reference, {@code docs/metrics.md}, is generated from {@link SinkMetric} and must
 * match it. Regenerate with {@code mvn -B -o -q -pl common,transforms,connector test
 * -Dreference.update=true}.
 */
class MetricsReferenceTest {

  private static final Path PAGE = Path.of("..", "docs", "metrics.md");

  @Test
  void metricsReferenceMatchesTheMetricDefinitions() throws IOException {
    GeneratedPage.check(PAGE, render());
  }

  static String render() {
    StringBuilder page = new StringBuilder();
    page.append("# Metrics\n\n");
    page.append("<!-- Generated from SinkMetric by MetricsReferenceTest: do not edit. -->\n\n");
    page.append(
        """
        The connector publishes its metrics through the worker's plugin metrics (Kafka Connect 4.1
        and later), so they appear wherever the worker's own metrics go: JMX by default, or any
        configured `metric.reporters`. On older workers the connector runs without them.

        Rates, averages and maxima cover the worker's metrics window (`metrics.sample.window.ms` x
        `metrics.num.samples`, 1 minute by default). Totals count since the task started.
        """);
    appendScope(
        page,
        SinkMetric.Scope.TASK,
        "Task metrics",
        "kafka.connect:type=plugins,connector=<connector>,task=<task>");
    appendScope(
        page,
        SinkMetric.Scope.CONNECTOR,
        "Connector metrics",
        "kafka.connect:type=plugins,connector=<connector>` (`records-behind`:"
            + " `kafka.connect:type=plugins,connector=<connector>,topic=<topic>");
    return page.toString();
  }

  private static void appendScope(
      StringBuilder page, SinkMetric.Scope scope, String title, String mbean) {
    page.append("\n## ").append(title).append("\n\n");
    page.append("MBean: `").append(mbean).append("`\n\n");
    page.append("| Attribute | Meaning |\n|---|---|\n");
    for (SinkMetric metric : SinkMetric.values()) {
      if (metric.scope() == scope) {
        page.append("| `")
            .append(metric.metricName())
            .append("` | ")
            .append(metric.description())
            .append(" |\n");
      }
    }
  }
}
