package dev.unbundled.search.connector.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IndexNamesTest {

  private final IndexNames daily = new IndexNames("${topic}-v${version}-${time:yyyy.MM.dd}", 2);

  @Test
  void eachTimeBucketIsAnIndexWithItsOwnWriteAlias() {
    WriteTarget target = daily.targetFor("Clicks", Instant.parse("2026-11-30T18:00:00Z"));
    assertThat(target.index()).isEqualTo("clicks-v2-2026.11.30");
    assertThat(target.alias()).isEqualTo("clicks-v2-2026.11.30.Writer");
    assertThat(target.bucket().start()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
    assertThat(daily.targetFor("Clicks", Instant.parse("2026-11-30T01:00:00Z"))).isSameAs(target);
    assertThat(daily.targetFor("Clicks", Instant.parse("2026-12-01T00:00:00Z")).index())
        .isEqualTo("clicks-v2-2026.12.01");
  }

  @Test
  void bucketedNamesNeedTheRecordsTime() {
    assertThat(daily.bucketed()).isTrue();
    assertThatThrownBy(() -> daily.targetFor("clicks")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void thePatternAndTheFamilyNameCoverEveryBucket() {
    assertThat(daily.pattern()).isEqualTo("*-v2-*");
    assertThat(daily.familyName("Clicks")).isEqualTo("clicks-v2-*");
    assertThat(daily.isIndexOf("clicks", "clicks-v2-2026.11.30")).isTrue();
    assertThat(daily.isIndexOf("clicks", "clicks-v3-2026.11.30")).isFalse();
    assertThat(daily.isIndexOf("clicks", "clicks-v2-")).isFalse();
    assertThat(daily.isIndexOf("orders", "clicks-v2-2026.11.30")).isFalse();
  }

  @Test
  void namesWithoutTimeAreOnePerTopic() {
    IndexNames plain = new IndexNames("${topic}-v${version}", 1);
    assertThat(plain.bucketed()).isFalse();
    assertThat(plain.targetFor("orders", Instant.EPOCH)).isEqualTo(plain.targetFor("orders"));
    assertThat(plain.familyName("orders")).isEqualTo("orders-v1");
    assertThat(plain.isIndexOf("orders", "orders-v1")).isTrue();
  }
}
