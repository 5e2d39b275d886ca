package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 2 GiB output pushes and pulls in a JVM whose heap is capped at 128 MiB: transfers stream. */
class LargeFileIT {
  static final long SIZE = 2L << 30;

  @TempDir static Path registryDir;
  static TestRegistry registry;
  @TempDir Path tmp;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = TestRegistry.plain(registryDir);
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void twoGibibytesRoundTripWithA128MibHeap() throws Exception {
    Path file = tmp.resolve("big.bin");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(SIZE);
      Random random = new Random(7);
      byte[] chunk = new byte[4096];
      for (long offset = 0; offset < SIZE; offset += 256L << 20) {
        random.nextBytes(chunk);
        sparse.seek(offset + 12345);
        sparse.write(chunk);
      }
    }
    String ref = registry.host() + "/large/file:v1";
    assertThat(runSidecar("push", "--plain-http", file.toString(), ref)).isZero();
    String layerDigest =
        registry.api().manifest("large/file", "v1").path("layers").get(0).path("digest").asText();
    assertThat(layerDigest).isEqualTo(Digests.sha256(file));

    Path out = tmp.resolve("out");
    assertThat(runSidecar("pull", "--plain-http", ref, out.toString())).isZero();
    Path pulled = out.resolve("big.bin");
    assertThat(Files.size(pulled)).isEqualTo(SIZE);
    assertThat(Digests.sha256(pulled)).isEqualTo(layerDigest);
  }

  private int runSidecar(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("sidecar-" + args[0] + ".log").toFile())
            .start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the sidecar finished").isTrue();
    if (process.exitValue() != 0) {
      System.err.println(Files.readString(tmp.resolve("sidecar-" + args[0] + ".log")));
    }
    return process.exitValue();
  }
}
