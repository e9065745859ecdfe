package dev.unbundled.search.tool.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifyReportTest {

  private static TopicReplay.Expected expected(long version, int hash) {
    return new TopicReplay.Expected(version, hash);
  }

  @Test
  void anIndexHoldingExactlyTheLatestWritesMatches() {
    VerifyReport.IndexReport report =
        VerifyReport.compare(
            "i",
            Map.of("a", expected(3, 1), "b", expected(7, 2)),
            Map.of("a", new IndexContents.Stored(3, 1), "b", new IndexContents.Stored(7, 2)),
            true,
            10);
    assertThat(report.matches()).isTrue();
    assertThat(report.expected()).isEqualTo(2);
    assertThat(report.found()).isEqualTo(2);
  }

  @Test
  void eachKindOfDifferenceIsCountedAndNamed() {
    VerifyReport.IndexReport report =
        VerifyReport.compare(
            "i",
            Map.of("gone", expected(1, 1), "old", expected(5, 1), "edited", expected(6, 1)),
            Map.of(
                "old", new IndexContents.Stored(4, 1),
                "edited", new IndexContents.Stored(6, 99),
                "stray", new IndexContents.Stored(1, 1)),
            true,
            10);
    assertThat(report.matches()).isFalse();
    assertThat(report.missing()).containsExactly("gone");
    assertThat(report.extra()).containsExactly("stray");
    assertThat(report.otherVersion()).containsExactly("old");
    assertThat(report.otherSource()).containsExactly("edited");
  }

  @Test
  void withoutVersionsOrSourcesOnlyPresenceCounts() {
    VerifyReport.IndexReport report =
        VerifyReport.compare(
            "i",
            Map.of("a", new TopicReplay.Expected(null, null)),
            Map.of("a", new IndexContents.Stored(12, 5)),
            true,
            10);
    assertThat(report.matches()).isTrue();
    assertThat(report.versionsCompared()).isFalse();
    assertThat(report.sourcesCompared()).isFalse();
  }

  @Test
  void idsArePrintedUpToTheLimitAndTheRestCounted() {
    Map<String, IndexContents.Stored> found =
        Map.of(
            "x1", new IndexContents.Stored(1, 1),
            "x2", new IndexContents.Stored(1, 1),
            "x3", new IndexContents.Stored(1, 1));
    VerifyReport report =
        new VerifyReport(
            "c", 0, 0, List.of(), 0, List.of(VerifyReport.compare("i", Map.of(), found, true, 2)));
    assertThat(report.lines()).contains("    extra: x1, x2 and 1 more").endsWith("DIFFERENT");
  }

  @Test
  void aDocumentUnderAnotherRoutingOrStoredTwiceIsMisplaced() {
    VerifyReport.IndexReport report =
        VerifyReport.compare(
            "i",
            Map.of(
                "a", new TopicReplay.Expected(1L, 1, "t1", false),
                "b", new TopicReplay.Expected(2L, 2, "t1", false),
                "c", new TopicReplay.Expected(3L, 3, "t2", false)),
            Map.of(
                "a", new IndexContents.Stored(1, 1, "t1", 1),
                "b", new IndexContents.Stored(2, 2, "t2", 1),
                "c", new IndexContents.Stored(3, 3, "t2", 2)),
            true,
            10);

    assertThat(report.matches()).isFalse();
    assertThat(report.misplaced()).containsExactly("b", "c");
  }
}
