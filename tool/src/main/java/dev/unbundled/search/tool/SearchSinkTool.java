package dev.unbundled.search.tool;

import dev.unbundled.search.connector.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operator's tool: where each connector and index stands, the manual alias moves, and a check
 * that an index matches its topic. Exit codes: 0 done (or matching), 1 refused (or not matching), 2
 * could not run.
 */
@Command(
    name = "search-sink",
    mixinStandardHelpOptions = true,
    versionProvider = SearchSinkTool.VersionProvider.class,
    description = "Status, promotion, rollback and verification for Unbundled Search Sink.",
    subcommands = {
      StatusCommand.class,
      PromoteCommand.class,
      RollbackCommand.class,
      VerifyCommand.class
    })
public final class SearchSinkTool {

  /** Exit code when the tool refused or found a difference. */
  public static final int REFUSED = 1;

  /** Exit code when the tool could not do its job (unreachable service, bad arguments). */
  public static final int FAILED = 2;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the tool as {@code main} does, returning the exit code. */
  public static int run(String... args) {
    CommandLine commandLine = new CommandLine(new SearchSinkTool());
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("search-sink: " + ToolErrors.describe(e));
          return FAILED;
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
