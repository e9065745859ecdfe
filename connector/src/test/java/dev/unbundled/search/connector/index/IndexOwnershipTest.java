package dev.unbundled.search.connector.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IndexOwnershipTest {

  private static final Instant PREVIEWED = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant PROMOTED = Instant.parse("2026-11-22T11:00:00Z");

  @Test
  void aPhaseWrittenFromAStaleReadKeepsAPromotionRecordedSince() {
    IndexOwnership stale = IndexOwnership.created("c", "t", 2).withPhase(Phase.STANDBY);
    IndexOwnership recorded = stale.previewed(PREVIEWED).promoted(PROMOTED);

    IndexOwnership written = stale.withPhase(Phase.LIVE).keepingMarksOf(recorded);

    assertThat(written.phase()).isEqualTo(Phase.LIVE);
    assertThat(written.previewedAt()).isEqualTo(PREVIEWED);
    assertThat(written.promotedAt()).isEqualTo(PROMOTED);
  }

  @Test
  void marksOfTheWriterWinOverOlderOnes() {
    IndexOwnership recorded = IndexOwnership.created("c", "t", 2).promoted(PREVIEWED);

    IndexOwnership written =
        IndexOwnership.created("c", "t", 2).promoted(PROMOTED).keepingMarksOf(recorded);

    assertThat(written.promotedAt()).isEqualTo(PROMOTED);
    assertThat(written.previewedAt()).isNull();
  }
}
