package io.github.oras.operator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code oras-operator} command. */
@Command(
    name = "oras-operator",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Artifact cache for Kubernetes workloads: an OCI registry per namespace and a webhook that injects ORAS.",
    subcommands = {
      InjectCommand.class,
      PoliciesCommand.class,
      WebhookCommand.class,
      ManifestsCommand.class,
      ServeCommand.class,
      RunCommand.class,
      PullCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it to run commands in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler(
            (error, commandLine, parseResult) -> {
              // Users get the message, never a stack trace.
              commandLine.getErr().println("oras-operator: " + error.getMessage());
              return ExitCodes.FAILURE;
            });
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "oras-operator " + io.github.oras.operator.engine.InjectorConfig.INJECTOR_VERSION
      };
    }
  }
}
