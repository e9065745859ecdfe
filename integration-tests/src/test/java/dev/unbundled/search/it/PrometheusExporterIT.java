package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import io.prometheus.jmx.JmxCollector;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Test;

/**
 * The monitoring kit in {@code config/monitoring} matches the metrics a running worker exports: the
 * JMX exporter's rules, applied by the exporter's own collector (what its Java agent serves) to
 * this JVM's MBeans, where the embedded worker registers the plugin's metrics, export every numeric
 * metric of the connector and its tasks; and every series the Grafana dashboard queries is among
 * them, with the labels it groups and names by. A renamed metric fails here, not on a dashboard.
 */
class PrometheusExporterIT extends SharedStackTest {

  private static final Path MONITORING = Path.of("..", "config", "monitoring");
  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
  private static final String PREFIX = "unbundled_search_sink_";
  private static final Pattern SERIES =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern QUERIED = Pattern.compile("\\b" + PREFIX + "[a-z_]+");
  private static final Pattern GROUPED_BY = Pattern.compile("by \\(([^)]*)\\)");
  private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{(\\w+)}}");

  PrometheusExporterIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  /** A series scraped: its name, labels and value. */
  private record Series(String name, Map<String, String> labels, double value) {}

  @Test
  void everyMetricTheDashboardQueriesIsExportedWithTheLabelsItUses() throws Exception {
    String topic = TestNames.unique("exported");
    connect.kafka().createTopic(topic, 2);
    List<Kafka.Produced> produced =
        Kafka.produce(connect, topic, ChangeLog.random(100, 500, 10, 91));
    String connector = startConnector(SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 1));
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(2));
    PrometheusRegistry exporter = new PrometheusRegistry();
    new JmxCollector(MONITORING.resolve("jmx-exporter.yaml").toFile()).register(exporter);
    TestUtils.waitForCondition(
        () ->
            scrape(exporter).stream()
                .anyMatch(
                    s ->
                        s.name().equals(PREFIX + "index_phase_code")
                            && connector.equals(s.labels().get("connector"))
                            && s.value() == 3.0),
        60_000,
        "the exported phase did not reach 3 (LIVE)");
    List<Series> ours =
        scrape(exporter).stream()
            .filter(s -> connector.equals(s.labels().get("connector")))
            .toList();
    Map<String, Set<String>> labelsByName = new HashMap<>();
    ours.forEach(
        s ->
            labelsByName
                .computeIfAbsent(s.name(), n -> new HashSet<>())
                .addAll(s.labels().keySet()));

    // Every numeric attribute of the plugin's MBeans is exported, labelled like its MBean.
    Set<String> expected = new TreeSet<>();
    for (ObjectName bean :
        JMX.queryNames(
            new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",*"), null)) {
      for (MBeanAttributeInfo attribute : JMX.getMBeanInfo(bean).getAttributes()) {
        if (JMX.getAttribute(bean, attribute.getName()) instanceof Number) {
          expected.add(PREFIX + attribute.getName().replace('-', '_'));
        }
      }
    }
    assertThat(expected).as("numeric plugin metrics").hasSizeGreaterThan(15);
    assertThat(labelsByName.keySet()).as("exported for the connector").containsAll(expected);
    assertThat(labelsByName.get(PREFIX + "records_written_total")).contains("connector", "task");
    assertThat(labelsByName.get(PREFIX + "records_behind")).contains("connector", "topic");

    // Every series a panel queries exists, with the labels it groups and names its lines by.
    JsonNode dashboard =
        new ObjectMapper().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
    int queries = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        Set<String> used = new HashSet<>();
        Matcher grouped = GROUPED_BY.matcher(expr);
        while (grouped.find()) {
          for (String label : grouped.group(1).split(",")) {
            used.add(label.trim());
          }
        }
        Matcher legend = LEGEND_LABEL.matcher(target.path("legendFormat").asText());
        while (legend.find()) {
          used.add(legend.group(1));
        }
        Matcher names = QUERIED.matcher(expr);
        assertThat(names.find())
            .as("panel '%s' queries a sink metric: %s", panel.path("title"), expr)
            .isTrue();
        do {
          String name = names.group();
          assertThat(labelsByName)
              .as("panel '%s' queries %s", panel.path("title").asText(), name)
              .containsKey(name);
          assertThat(labelsByName.get(name))
              .as("labels of %s used by panel '%s'", name, panel.path("title").asText())
              .containsAll(used);
          queries++;
        } while (names.find());
      }
    }
    assertThat(queries).as("queries checked").isGreaterThanOrEqualTo(15);
    String variable = dashboard.path("templating").path("list").get(1).path("definition").asText();
    Matcher variableMetric = QUERIED.matcher(variable);
    assertThat(variableMetric.find()).isTrue();
    assertThat(labelsByName).containsKey(variableMetric.group());
  }

  /** What a scrape of the exporter serves, parsed from Prometheus' text format. */
  private static List<Series> scrape(PrometheusRegistry exporter) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextFormatWriter(false).write(out, exporter.scrape());
    return out.toString(StandardCharsets.UTF_8)
        .lines()
        .filter(line -> !line.startsWith("#") && !line.isBlank())
        .map(PrometheusExporterIT::series)
        .toList();
  }

  private static Series series(String line) {
    Matcher matcher = SERIES.matcher(line);
    assertThat(matcher.matches()).as("a series line: %s", line).isTrue();
    Map<String, String> labels = new LinkedHashMap<>();
    if (matcher.group(2) != null) {
      Matcher label = LABEL.matcher(matcher.group(2));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
    }
    return new Series(matcher.group(1), labels, Double.parseDouble(matcher.group(3)));
  }
}
