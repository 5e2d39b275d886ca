package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.ArtifactReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    description = {
      "Without arguments (the init container): pulls ORAS_INPUT_URIS (one reference per line)"
          + " into $ORAS_SHARE/inputs,"
          + " installs the launcher and writes oras-operator-init.txt.",
      "With REF DIR: pulls one artifact into DIR as `oras pull -o DIR` would.",
      "Credentials: ORAS_USER with ORAS_PULL_PASS."
    })
final class PullCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin TransportOptions transport;

  @Parameters(
      arity = "0..2",
      paramLabel = "REF DIR",
      description = "host[:port]/repository[:tag] and a directory")
  List<String> arguments = List.of();

  @Option(
      names = "--no-unpack",
      description = "Keep directory layers as <title>.tar.gz (also ORAS_UNPACK=false).")
  boolean noUnpack;

  @Option(
      names = "--max-file-size",
      paramLabel = "BYTES",
      description =
          "Refuse unpacked files larger than this (also ORAS_MAX_FILE_SIZE; default 64 GiB).")
  Long maxFileSize;

  @Option(
      names = "--max-total-size",
      paramLabel = "BYTES",
      description =
          "Refuse an unpacked directory holding more bytes in all (also ORAS_MAX_TOTAL_SIZE;"
              + " default 64 GiB).")
  Long maxTotalSize;

  @Option(
      names = "--max-entries",
      paramLabel = "COUNT",
      description =
          "Refuse an unpacked directory with more entries (also ORAS_MAX_ENTRIES; default"
              + " 1,000,000).")
  Long maxEntries;

  @Override
  public Integer call() throws Exception {
    if (arguments.size() == 1) {
      throw new IllegalArgumentException(
          "pull needs both REF and DIR, or neither (init container mode)");
    }
    positive("--max-file-size", maxFileSize);
    positive("--max-total-size", maxTotalSize);
    positive("--max-entries", maxEntries);
    boolean direct = arguments.size() == 2;
    SidecarSettings settings =
        direct
            ? TransportOptions.transportOnly(main.env())
            : SidecarSettings.fromEnvironment(main.env());
    Console console = transport.console(main, settings.debug());
    Endpoints endpoints =
        transport.endpoints(settings, Credentials.forPull(main.env()), main.env());
    if (!direct) {
      return new InitPull(withFlags(settings), endpoints, transport.retryPolicy(), console).run();
    }
    ArtifactReference reference = ArtifactReference.parse(arguments.get(0));
    reference = settings.registry().map(reference::qualifiedWith).orElse(reference);
    String shown = "pulling " + reference;
    ArtifactPuller puller =
        new ArtifactPuller(endpoints.client(reference), transport.retryPolicy(), console)
            .withProgress(total -> ProgressLine.forStderr(main.err(), shown, total));
    ArtifactPuller.Options options =
        new ArtifactPuller.Options(!noUnpack && settings.unpack(), directLimits());
    ArtifactPuller.Result result = puller.pull(reference, Path.of(arguments.get(1)), options);
    for (Path written : result.written()) {
      console.info("pulled " + written);
    }
    return 0;
  }

  private SidecarSettings withFlags(SidecarSettings s) {
    return new SidecarSettings(
        s.share(),
        s.registry(),
        s.plainHttp(),
        s.inputs(),
        s.output(),
        s.unpack() && !noUnpack,
        s.debug(),
        s.pushOnFailure(),
        s.caFile(),
        limitsWithFlags(s.limits()));
  }

  /** transportOnly keeps a few variables only: the caps are read from the whole environment. */
  private ExtractionLimits directLimits() {
    List<String> errors = new ArrayList<>();
    ExtractionLimits limits = ExtractionLimits.fromEnvironment(main.env(), errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", errors));
    }
    return limitsWithFlags(limits);
  }

  private ExtractionLimits limitsWithFlags(ExtractionLimits limits) {
    return new ExtractionLimits(
        maxFileSize == null ? limits.maxFileBytes() : maxFileSize,
        maxTotalSize == null ? limits.maxTotalBytes() : maxTotalSize,
        maxEntries == null ? limits.maxEntries() : maxEntries);
  }

  private static void positive(String option, Long value) {
    if (value != null && value <= 0) {
      throw new IllegalArgumentException(option + " must be positive, not " + value);
    }
  }
}
