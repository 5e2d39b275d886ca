package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code oras-sidecar}: the program of the ORAS init and sidecar containers, also usable directly.
 * Exit codes: 0 success; the app's code when the sidecar reports a failed app; 1 registry or file
 * errors; 2 wrong usage or settings.
 */
@Command(
    name = "oras-sidecar",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {PullCommand.class, PushCommand.class},
    description = "Pulls workload inputs from and pushes outputs to an OCI registry, ORAS style.")
public final class Main implements Runnable {
  private final Map<String, String> env;
  private final PrintStream err;

  Main(Map<String, String> env, PrintStream err) {
    this.env = Map.copyOf(env);
    this.err = err;
  }

  Map<String, String> env() {
    return env;
  }

  PrintStream err() {
    return err;
  }

  @Override
  public void run() {
    throw new IllegalArgumentException("name a command: pull or push (see --help)");
  }

  /** Set when this JVM is the sidecar's own process (signals are then ours to handle). */
  private static volatile boolean ownsProcess;

  static boolean ownsProcess() {
    return ownsProcess;
  }

  public static void main(String[] args) {
    ownsProcess = true;
    // Leave explicitly with the exit code: the HTTP client's threads would keep the JVM waiting.
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs the command line; never throws, returns the exit code. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    CommandLine line = new CommandLine(new Main(env, err), new Factory(env, err));
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    line.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, err, env));
    return line.execute(args);
  }

  private static int report(Exception e, PrintStream err, Map<String, String> env) {
    err.println("oras-sidecar: " + message(e));
    if ("true".equalsIgnoreCase(env.get("ORAS_DEBUG"))) {
      e.printStackTrace(err);
    }
    return e instanceof IllegalArgumentException ? 2 : 1;
  }

  private static String message(Throwable e) {
    if (e instanceof java.nio.file.NoSuchFileException n) {
      return "no such file: " + n.getFile();
    }
    if (e instanceof java.nio.file.AccessDeniedException a) {
      return "permission denied: " + a.getFile();
    }
    if (e instanceof IOException) {
      return "I/O error: " + e.getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Builds commands that see the given environment (tests pass their own). */
  private record Factory(Map<String, String> env, PrintStream err) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == Main.class) {
        return type.cast(new Main(env, err));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"oras-sidecar " + (version == null ? "(development build)" : version)};
    }
  }
}
