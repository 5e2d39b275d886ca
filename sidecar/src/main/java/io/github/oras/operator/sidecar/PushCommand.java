package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.ArtifactReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description = {
      "Without arguments (the sidecar container): waits for the launcher's oras-operator-done.txt,"
          + " then pushes $ORAS_SHARE/outputs/<entry> to ORAS_OUTPUT_URI unless the app failed"
          + " (ORAS_PUSH_ON_FAILURE=true pushes anyway) and writes oras-operator-push.txt for the"
          + " run. ORAS_SIDECAR_MODE=native: serves every run until SIGTERM, then exits 0;"
          + " otherwise exits with the app's code, or 1 when the launcher's heartbeat stops for"
          + " ORAS_HEARTBEAT_TIMEOUT seconds (default 10) without a done file.",
      "With FILE|DIR REF: pushes a file, or a directory as tar+gzip, as `oras push` would.",
      "Credentials: ORAS_USER with ORAS_PUSH_PASS."
    })
final class PushCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin TransportOptions transport;

  @Parameters(
      arity = "0..2",
      paramLabel = "PATH REF",
      description = "a file or directory, and host[:port]/repository:tag")
  List<String> arguments = List.of();

  @Option(
      names = "--pending-run",
      description =
          "Sidecar mode: deal with the run whose done file has no push result yet, if any, then"
              + " exit 0 (the wrapper waits between runs without a JVM).")
  boolean pendingRunOnly;

  @Override
  public Integer call() throws Exception {
    if (arguments.size() == 1) {
      throw new IllegalArgumentException("push needs both PATH and REF, or neither (sidecar mode)");
    }
    boolean direct = arguments.size() == 2;
    if (direct && pendingRunOnly) {
      throw new IllegalArgumentException("--pending-run is for the sidecar mode, without PATH REF");
    }
    SidecarSettings settings =
        direct
            ? TransportOptions.transportOnly(main.env())
            : SidecarSettings.fromEnvironment(main.env());
    Console console = transport.console(main, settings.debug());
    Endpoints endpoints =
        transport.endpoints(settings, Credentials.forPush(main.env()), main.env());
    if (!direct) {
      PushLifecycle lifecycle = PushLifecycle.fromEnvironment(main.env());
      Optional<StopSignal> stop = Optional.empty();
      if (lifecycle.nativeSidecar() || pendingRunOnly) {
        StopSignal signal = new StopSignal();
        if (Main.ownsProcess()) {
          signal.install(console);
        }
        stop = Optional.of(signal);
      }
      try {
        SidecarPush push =
            new SidecarPush(
                settings,
                lifecycle,
                endpoints,
                transport.retryPolicy(),
                console,
                TransportOptions.fallbackCheck());
        return pendingRunOnly ? push.runPending() : push.run(stop);
      } finally {
        // Whatever ended the run (an error before serving, too), the stop hook must not wait.
        stop.ifPresent(StopSignal::stopped);
      }
    }
    ArtifactReference reference = ArtifactReference.parse(arguments.get(1));
    reference = settings.registry().map(reference::qualifiedWith).orElse(reference);
    Path source = Path.of(arguments.get(0));
    // A person at a terminal sees the bytes move; a pod's log or a pipe gets no progress line.
    TransferProgress progress =
        ProgressLine.forStderr(
            main.err(),
            "pushing " + source.getFileName(),
            Files.isRegularFile(source) ? Files.size(source) : -1);
    ArtifactPusher pusher =
        new ArtifactPusher(endpoints.client(reference), transport.retryPolicy(), console)
            .withProgress(progress);
    ArtifactPusher.Result result;
    try {
      result = pusher.push(source, reference);
    } finally {
      progress.end();
    }
    console.info(
        "pushed " + result.title() + " to " + reference + " (" + result.manifestDigest() + ")");
    return 0;
  }
}
