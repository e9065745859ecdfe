package dev.unbundled.search.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VersionConflictsTest {

  private long now;
  private final List<String> warnings = new ArrayList<>();
  private final VersionConflicts conflicts = new VersionConflicts(() -> now, warnings::add);

  private void advanceSeconds(long seconds) {
    now += TimeUnit.SECONDS.toNanos(seconds);
  }

  @Test
  void aFewConflictsAreNormal() {
    for (int i = 0; i < 100; i++) {
      conflicts.answered(1000, 10);
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void aFloodOfConflictsWarnsOncePerWindow() {
    conflicts.answered(100, 10);
    conflicts.answered(200, 150);

    assertThat(warnings).singleElement().asString().startsWith("160 of the last 300 writes (53%)");

    conflicts.answered(500, 500);
    assertThat(warnings).hasSize(1);

    advanceSeconds(61);
    conflicts.answered(200, 199);
    assertThat(warnings).hasSize(2);
  }

  @Test
  void halfOrFewerIsNoFlood() {
    conflicts.answered(400, 200);
    assertThat(warnings).isEmpty();
  }

  @Test
  void fewerThanTheMinimumIsNoFlood() {
    conflicts.answered(99, 99);
    assertThat(warnings).isEmpty();
  }

  @Test
  void aNewWindowForgetsTheOldOne() {
    conflicts.answered(100, 90);
    advanceSeconds(60);
    conflicts.answered(100, 20);
    assertThat(warnings).isEmpty();
  }
}
