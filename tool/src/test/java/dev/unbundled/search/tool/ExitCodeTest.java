package dev.unbundled.search.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.tool.status.PhaseWait;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Scripts depend on the numbers: they never change. */
class ExitCodeTest {

  @Test
  void theNumbersAreTheDocumentedOnes() {
    assertThat(Arrays.stream(ExitCode.values()).mapToInt(ExitCode::code))
        .containsExactly(0, 1, 2, 3, 4);
    assertThat(ExitCode.COULD_NOT_RUN.code()).isEqualTo(2);
    assertThat(ExitCode.CONNECTOR_FAILED.code()).isEqualTo(4);
  }

  @Test
  void aWaitsOutcomeHasTheExitCodeOfItsKind() {
    assertThat(PhaseWait.Outcome.REACHED.exitCode).isEqualTo(ExitCode.OK);
    assertThat(PhaseWait.Outcome.FAILED.exitCode).isEqualTo(ExitCode.CONNECTOR_FAILED);
    assertThat(PhaseWait.Outcome.TIMED_OUT.exitCode).isEqualTo(ExitCode.TIMED_OUT);
  }
}
