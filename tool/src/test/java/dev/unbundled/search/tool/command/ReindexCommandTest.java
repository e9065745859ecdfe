package dev.unbundled.search.tool.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.tool.ExitCode;
import dev.unbundled.search.tool.status.PhaseWait;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line of reindex and status --until, parsed as picocli parses it. */
class ReindexCommandTest {

  private static ReindexCommand reindex(String... args) {
    ReindexCommand command = new ReindexCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void watchesUnlessToldNotTo() {
    assertThat(reindex("orders-search-v1").watch).isTrue();
    assertThat(reindex("orders-search-v1", "--watch").watch).isTrue();
    assertThat(reindex("orders-search-v1", "--no-watch").watch).isFalse();
  }

  @Test
  void repeatedOverrides() {
    ReindexCommand command =
        reindex(
            "orders-search-v1",
            "--set",
            "index.mappings=@m.json",
            "--set=batch.size=100",
            "--unset",
            "linger.ms",
            "--timeout",
            "15m",
            "--name",
            "orders-next");

    assertThat(command.sets).containsExactly("index.mappings=@m.json", "batch.size=100");
    assertThat(command.unsets).containsExactly("linger.ms");
    assertThat(command.timeout).isEqualTo(Duration.ofMinutes(15));
    assertThat(command.name).isEqualTo("orders-next");
  }

  @Test
  void statusUntilTakesAPhaseAndATimeout() {
    StatusCommand status = new StatusCommand();
    new CommandLine(status).parseArgs("--until", "caught-up", "--timeout", "90s", "v2");

    assertThat(status.until).isEqualTo(PhaseWait.Until.CAUGHT_UP);
    assertThat(status.timeout).isEqualTo(Duration.ofSeconds(90));
    assertThat(status.only).containsExactly("v2");
  }

  @Test
  void anUnknownPhaseIsAUsageErrorWithExitCodeTwo() {
    int exit =
        new CommandLine(new SearchSinkTool())
            .setErr(new java.io.PrintWriter(new java.io.StringWriter()))
            .execute("status", "--until", "promoted");

    assertThat(exit).isEqualTo(ExitCode.COULD_NOT_RUN.code());
  }
}
