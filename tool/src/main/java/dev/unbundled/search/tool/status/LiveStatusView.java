package dev.unbundled.search.tool.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Status in a terminal: one progress bar per connector and topic, redrawn in place, with the phase,
 * rate, time to catch up and where the read alias points.
 */
public final class LiveStatusView implements AutoCloseable {

  private final Map<String, ProgressBar> bars = new LinkedHashMap<>();

  public void show(List<ConnectorStatus> statuses) {
    for (ConnectorStatus status : statuses) {
      if (status.topics().isEmpty()) {
        bar(status.name(), 0)
            .setExtraMessage(
                status.error() != null ? "unreadable: " + status.error() : "no topic yet");
      }
      for (ConnectorStatus.TopicStatus topic : status.topics()) {
        ProgressBar bar = bar(status.name() + " " + topic.topic(), topic.records());
        bar.maxHint(Math.max(topic.records(), 1));
        bar.stepTo(topic.records() == 0 ? 1 : topic.done());
        bar.setExtraMessage(message(status, topic));
      }
    }
  }

  private ProgressBar bar(String name, long max) {
    return bars.computeIfAbsent(
        name,
        n ->
            new ProgressBarBuilder()
                .setTaskName(n)
                .setInitialMax(Math.max(max, 1))
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                // Redraw even when the count stands still: the phase and rate change on their own.
                .continuousUpdate()
                .hideEta()
                .build());
  }

  private static String message(ConnectorStatus status, ConnectorStatus.TopicStatus topic) {
    String alias =
        status.aliases().stream()
            .filter(a -> a.kind().equals("read"))
            .filter(a -> a.indexes().stream().anyMatch(topic.indexes()::contains))
            .map(a -> " | LIVE as " + a.alias())
            .findFirst()
            .orElse("");
    String state =
        "RUNNING".equals(status.state()) ? "" : " | " + PlainStatusFormat.stateOf(status);
    if (topic.sweep() != null && !"done".equals(topic.sweep().state())) {
      state += " | " + topic.sweep().describe();
    }
    if (topic.stall() != null) {
      state += " | " + topic.stall().describe(java.time.Instant.now());
    }
    return String.format(
        Locale.ROOT,
        "%s | %,d behind | %s | ETA %s%s%s | %s",
        topic.phase(),
        topic.behind(),
        PlainStatusFormat.rate(topic.recordsPerSecond()),
        PlainStatusFormat.eta(topic.etaSeconds()),
        alias,
        state,
        PlainStatusFormat.engine(status));
  }

  @Override
  public void close() {
    bars.values().forEach(ProgressBar::close);
  }
}
