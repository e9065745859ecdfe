package dev.unbundled.search.connector.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BucketFormatTest {

  private static BucketFormat format(String nameFormat) {
    return BucketFormat.in(nameFormat).orElseThrow();
  }

  @Test
  void aDailyPatternPutsEachRecordInTheUtcDayOfItsTime() {
    TimeBucket bucket =
        format("${topic}-v${version}-${time:yyyy.MM.dd}")
            .bucketOf(Instant.parse("2026-03-01T23:59:59.999Z"));
    assertThat(bucket)
        .isEqualTo(
            new TimeBucket(
                "2026.03.01",
                Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-02T00:00:00Z")));
  }

  @Test
  void hoursWeeksMonthsAndYearsAreBucketsToo() {
    Instant time = Instant.parse("2024-12-31T13:20:00Z");
    assertThat(format("${time:yyyy.MM.dd.HH}").bucketOf(time).start())
        .isEqualTo(Instant.parse("2024-12-31T13:00:00Z"));
    TimeBucket week = format("${time:YYYY.'w'ww}").bucketOf(time);
    assertThat(week.start()).isEqualTo(Instant.parse("2024-12-30T00:00:00Z"));
    assertThat(week.end()).isEqualTo(Instant.parse("2025-01-06T00:00:00Z"));
    assertThat(week.text()).isEqualTo("2025.w01");
    assertThat(format("${time:yyyy.MM}").bucketOf(time))
        .isEqualTo(
            new TimeBucket(
                "2024.12",
                Instant.parse("2024-12-01T00:00:00Z"),
                Instant.parse("2025-01-01T00:00:00Z")));
    assertThat(format("${time:yyyy}").bucketOf(time).end())
        .isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
  }

  @Test
  void timesBeforeTheEpochHaveTheirBucketsToo() {
    assertThat(format("${time:yyyy.MM.dd}").bucketOf(Instant.parse("1969-12-31T12:00:00Z")).text())
        .isEqualTo("1969.12.31");
  }

  @Test
  void patternsThatDoNotNameCalendarBucketsAreRefused() {
    assertThatThrownBy(() -> format("${time:yyyy.MM.dd.HH.mm}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not name calendar buckets");
    // The calendar year with the week of the week-based year names two weeks alike at year ends.
    assertThatThrownBy(() -> format("${time:yyyy.ww}"))
        .hasMessageContaining("does not name calendar buckets");
    // Days without the month repeat every month.
    assertThatThrownBy(() -> format("${time:dd}")).hasMessageContaining("calendar buckets");
    assertThatThrownBy(() -> format("${time:yyyy.MM.dd.qqqqqqq}"))
        .hasMessageContaining("is not a date-time pattern");
    assertThatThrownBy(() -> format("${time:yyyy}-${time:MM}"))
        .hasMessageContaining("more than once");
  }

  @Test
  void aFormatWithoutTimeHasNoBuckets() {
    assertThat(BucketFormat.in("${topic}-v${version}")).isEmpty();
    assertThat(BucketFormat.inFormat("${topic}-v${version}-${time:yyyy}")).isTrue();
  }

  @Test
  void aBucketEndsBeforeAnInstantAtOrAfterItsEnd() {
    TimeBucket day = format("${time:yyyy.MM.dd}").bucketOf(Instant.parse("2026-01-01T05:00:00Z"));
    assertThat(day.endsBefore(Instant.parse("2026-01-02T00:00:00Z"))).isTrue();
    assertThat(day.endsBefore(Instant.parse("2026-01-01T23:59:59Z"))).isFalse();
  }
}
