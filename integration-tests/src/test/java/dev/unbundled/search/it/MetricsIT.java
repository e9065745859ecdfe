package dev.unbundled.search.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.it.harness.ChangeLog;
import dev.unbundled.search.it.harness.Elasticsearch;
import dev.unbundled.search.it.harness.Engine;
import dev.unbundled.search.it.harness.Kafka;
import dev.unbundled.search.it.harness.SharedStackTest;
import dev.unbundled.search.it.harness.SinkConfigs;
import dev.unbundled.search.it.harness.TestNames;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The connector's metrics are in the running worker's JMX, next to the worker's own: the embedded
 * worker runs in this JVM, so its platform MBean server is this one.
 */
@Tag(Engine.TAG_OPENSEARCH_2)
class MetricsIT extends SharedStackTest {

  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

  MetricsIT(Elasticsearch elasticsearch, EmbeddedConnectCluster connect) {
    super(elasticsearch, connect);
  }

  @Test
  void taskAndConnectorMetricsAreReadableThroughJmx() throws Exception {
    String topic = TestNames.unique("metered");
    connect.kafka().createTopic(topic, 2);
    List<Kafka.Produced> produced =
        Kafka.produce(connect, topic, ChangeLog.random(200, 1_000, 10, 90));
    // Two tasks on one worker: each must count its own records, not share counters.
    String connector = startConnector(SinkConfigs.jsonSink(topic, elasticsearch, connect, 1, 2));
    Kafka.awaitCommitted(connect, connector, Kafka.endOffsets(produced), Duration.ofMinutes(2));

    ObjectName task =
        new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",task=0");
    ObjectName otherTask =
        new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",task=1");
    ObjectName topicLag =
        new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",topic=" + topic);
    ObjectName connectorBean = new ObjectName("kafka.connect:type=plugins,connector=" + connector);
    TestUtils.waitForCondition(
        () ->
            JMX.isRegistered(task)
                && JMX.isRegistered(otherTask)
                && JMX.isRegistered(connectorBean),
        30_000,
        () -> "metrics not registered; plugin MBeans: " + pluginBeans());

    double written = (double) JMX.getAttribute(task, "records-written-total");
    double writtenByOther = (double) JMX.getAttribute(otherTask, "records-written-total");
    // Shared counters would count every record twice. (One task may have written them all: it can
    // take both partitions before the other joins the group.)
    assertThat(written + writtenByOther).isEqualTo((double) produced.size());
    ObjectName busy = written > 0 ? task : otherTask;
    assertThat((double) JMX.getAttribute(busy, "bulk-requests-total")).isPositive();
    assertThat((double) JMX.getAttribute(busy, "bytes-written-total"))
        .isGreaterThan((double) JMX.getAttribute(busy, "records-written-total") * 20);
    assertThat((double) JMX.getAttribute(busy, "bulk-request-latency-max")).isPositive();
    assertThat(JMX.getAttribute(task, "retries-total")).isEqualTo(0.0);
    assertThat(JMX.getAttribute(task, "items-rejected-total")).isEqualTo(0.0);
    assertThat(JMX.getAttribute(task, "dlq-reports-total")).isEqualTo(0.0);
    assertThat(JMX.getAttribute(task, "buffered-bytes")).isEqualTo(0L);
    assertThat(JMX.getAttribute(task, "in-flight-requests")).isEqualTo(0);
    // Issue #25: writes go through, so no stall.
    assertThat(JMX.getAttribute(task, "stalled-seconds")).isEqualTo(0L);
    assertThat(JMX.getAttribute(task, "stall-error")).isEqualTo("");
    assertThat(JMX.getAttribute(task, "retries-in-progress")).isEqualTo(0);
    assertThat((Long) JMX.getAttribute(task, "seconds-since-last-write")).isNotNegative();

    assertThat(JMX.getAttribute(connectorBean, "search-engine"))
        .as("the engine the connector reports")
        .isEqualTo(elasticsearch.product());
    TestUtils.waitForCondition(
        () -> "LIVE".equals(JMX.getAttribute(connectorBean, "index-phase")),
        60_000,
        "the phase metric did not reach LIVE");
    TestUtils.waitForCondition(
        () ->
            JMX.isRegistered(topicLag)
                && Long.valueOf(0).equals(JMX.getAttribute(topicLag, "records-behind")),
        30_000,
        () -> "no records-behind of 0 for the topic; plugin MBeans: " + pluginBeans());

    deleteConnector(connector);
    TestUtils.waitForCondition(
        () -> !JMX.isRegistered(task) && !JMX.isRegistered(connectorBean),
        30_000,
        () -> "metrics left behind after the connector was deleted: " + pluginBeans());
  }

  private static Set<ObjectName> pluginBeans() {
    try {
      return JMX.queryNames(new ObjectName("kafka.connect:type=plugins,*"), null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
