package dev.unbundled.search.tool.command;

import dev.unbundled.search.connector.Version;
import dev.unbundled.search.tool.ExitCode;
import dev.unbundled.search.tool.ToolErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operator's tool: where each connector and index stands, a rebuild in one command and the
 * retirement of the old connector, the manual alias moves, and a check that an index matches its
 * topic. Exit codes, the same for every command: 0 done (or matching, or reached), 1 refused with
 * nothing changed (or not matching), 2 could not run, 3 timed out waiting, 4 a connector or task
 * failed while waited for ({@link ExitCode}).
 */
@Command(
    name = "search-sink",
    mixinStandardHelpOptions = true,
    versionProvider = SearchSinkTool.VersionProvider.class,
    description =
        "Status, rebuilds, retirement, promotion, rollback and verification for Unbundled Search"
            + " Sink.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done; verify: the indexes match; status --until: reached",
      "1:refused, nothing changed (a safety rule, Connect's validation, no confirmation);"
          + " verify: the indexes differ",
      "2:could not run: bad arguments, Connect, Kafka or the search engine unreachable or refusing"
          + " the credentials",
      "3:timed out waiting (--timeout)",
      "4:a connector or task failed while waited for (its trace is printed)"
    },
    subcommands = {
      StatusCommand.class,
      ReindexCommand.class,
      RetireCommand.class,
      PromoteCommand.class,
      RollbackCommand.class,
      VerifyCommand.class
    })
public final class SearchSinkTool {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the tool as {@code main} does, returning the exit code. */
  public static int run(String... args) {
    CommandLine commandLine = new CommandLine(new SearchSinkTool());
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("search-sink: " + ToolErrors.describe(e));
          return ExitCode.COULD_NOT_RUN.code();
        });
    return commandLine.execute(args);
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"search-sink " + Version.get()};
    }
  }
}
