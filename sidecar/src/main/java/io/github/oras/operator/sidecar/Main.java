package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
    Callable<Integer> pod = podInvocation(args, new Main(env, err));
    if (pod != null) {
      try {
        return pod.call();
      } catch (Exception e) {
        return report(e, err, env);
      }
    }
    return Parsed.run(args, env, out, err);
  }

  /** The command line through picocli; a class of its own so the pod's invocations load none. */
  private static final class Parsed {
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
      CommandLine line = new CommandLine(new Main(env, err), new Factory(env, err));
      line.setOut(new PrintWriter(out, true));
      line.setErr(new PrintWriter(err, true));
      line.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, err, env));
      return line.execute(args);
    }
  }

  /**
   * The pod's own invocations carry no options (their settings come from the environment): the init
   * container's {@code pull}, the sidecar's {@code push}, and the wrapper's {@code push
   * --pending-run}. They run without picocli, whose reflective model of the commands costs about
   * 0.2 s of CPU at start (measured with a dynamic AppCDS archive; a tiny pull costs 0.37 s in
   * all); everything else, help and usage errors included, goes through picocli.
   */
  static Callable<Integer> podInvocation(String[] args, Main main) {
    List<String> line = List.of(args);
    if (line.equals(List.of("pull"))) {
      PullCommand pull = new PullCommand();
      pull.main = main;
      pull.transport = new TransportOptions();
      return pull;
    }
    if (line.equals(List.of("push")) || line.equals(List.of("push", "--pending-run"))) {
      PushCommand push = new PushCommand();
      push.main = main;
      push.transport = new TransportOptions();
      push.pendingRunOnly = line.size() == 2;
      return push;
    }
    return null;
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
