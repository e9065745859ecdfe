package dev.unbundled.search.tool.command;

import dev.unbundled.search.tool.alias.Rollback;
import dev.unbundled.search.tool.session.Endpoints;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Moves an alias back: by default to the highest version below the one it is on, of the same topic;
 * only to an index whose connector still runs and keeps it current. Connectors never undo it: an
 * automatic promotion happens at most once per index.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "rollback",
    description =
        "Point an alias back at an earlier version (or --to an index), in one atomic request;"
            + " refuses unless the target is kept current by a running connector and healthy.")
public final class RollbackCommand implements Callable<Integer> {

  @Mixin Endpoints endpoints;

  @Parameters(paramLabel = "ALIAS", description = "The alias to move back.")
  String alias;

  @Option(names = "--to", paramLabel = "INDEX", description = "The index to move it to.")
  String to;

  @Option(names = "--dry-run", description = "Check and print the request, change nothing.")
  boolean dryRun;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return new Rollback(endpoints.connect.client(), endpoints::open)
        .run(spec.commandLine().getOut(), alias, to, dryRun);
  }
}
