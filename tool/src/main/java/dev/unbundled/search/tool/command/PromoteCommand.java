package dev.unbundled.search.tool.command;

import dev.unbundled.search.tool.alias.Promote;
import dev.unbundled.search.tool.session.Endpoints;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Moves the read aliases (or, with {@code --preview}, the preview aliases) of every topic of a
 * connector to its indexes, in one atomic request, only when every one of them is ready.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "promote",
    description =
        "Point the connector's read aliases (or preview aliases) at its indexes, in one atomic"
            + " request; refuses unless every index is caught up and healthy.")
public final class PromoteCommand implements Callable<Integer> {

  @Mixin Endpoints endpoints;

  @Parameters(paramLabel = "CONNECTOR", description = "The connector whose indexes readers get.")
  String connector;

  @Option(names = "--preview", description = "Move the preview aliases instead.")
  boolean preview;

  @Option(names = "--dry-run", description = "Check and print the request, change nothing.")
  boolean dryRun;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return new Promote(endpoints.connect.client(), endpoints::open, Clock.systemUTC())
        .run(spec.commandLine().getOut(), connector, preview, dryRun);
  }
}
