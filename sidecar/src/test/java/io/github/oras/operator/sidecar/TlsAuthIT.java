package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry with TLS (self-signed certificate) and htpasswd authentication. */
class TlsAuthIT {
  @TempDir static Path registryDir;
  static TestRegistry registry;
  @TempDir Path tmp;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = TestRegistry.tlsWithAuth(registryDir);
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  String caFile() {
    return registry.certificates().orElseThrow().certificate().toString();
  }

  Map<String, String> credentials(String password) {
    return Map.of(
        "ORAS_USER", TestRegistry.USER, "ORAS_PUSH_PASS", password, "ORAS_PULL_PASS", password);
  }

  /** {@code command} with the right password and the registry's CA file, then {@code operands}. */
  SidecarFlowIT.Result trusted(String command, String... operands) {
    String[] arguments = new String[operands.length + 3];
    arguments[0] = command;
    arguments[1] = "--ca-file";
    arguments[2] = caFile();
    System.arraycopy(operands, 0, arguments, 3, operands.length);
    return SidecarFlowIT.oras(credentials(TestRegistry.PASSWORD), arguments);
  }

  @Test
  void roundTripWithTheRightPasswordAndTrustedCertificate() throws Exception {
    Path dir = tmp.resolve("secure");
    Trees.write(dir.resolve("a.txt"), "over TLS");
    Trees.random(dir.resolve("b.bin"), 30_000, 4);
    SidecarFlowIT.Result pushed = trusted("push", dir.toString(), registry.host() + "/tls/dir:v1");
    assertThat(pushed.exitCode()).as(pushed.stderr()).isZero();
    assertThat(
            registry
                .api()
                .manifest("tls/dir", "v1")
                .path("layers")
                .get(0)
                .path("annotations")
                .path("org.opencontainers.image.title")
                .asText())
        .isEqualTo("secure");

    Path out = tmp.resolve("out");
    SidecarFlowIT.Result pulled = trusted("pull", registry.host() + "/tls/dir:v1", out.toString());
    assertThat(pulled.exitCode()).as(pulled.stderr()).isZero();
    Trees.assertSameTree(dir, out.resolve("secure"));
  }

  /** Above 8 MiB a file streams in a PATCH, over the other transport: the same trust holds. */
  @Test
  void aLargeFileStreamsOverTlsWithTheSameTrust() throws Exception {
    Path file = Trees.random(tmp.resolve("large.bin"), RegistryClient.IN_MEMORY_UPLOAD + 4096, 9);
    SidecarFlowIT.Result pushed =
        trusted("push", file.toString(), registry.host() + "/tls/large:v1");
    assertThat(pushed.exitCode()).as(pushed.stderr()).isZero();
    Path out = tmp.resolve("large-out");
    SidecarFlowIT.Result pulled =
        trusted("pull", registry.host() + "/tls/large:v1", out.toString());
    assertThat(pulled.exitCode()).as(pulled.stderr()).isZero();
    assertThat(Files.readAllBytes(out.resolve("large.bin"))).isEqualTo(Files.readAllBytes(file));

    SidecarFlowIT.Result untrusted =
        SidecarFlowIT.oras(
            credentials(TestRegistry.PASSWORD),
            "push",
            "--retries",
            "0",
            file.toString(),
            registry.host() + "/tls/untrusted:v1");
    assertThat(untrusted.exitCode()).as("without the CA file").isEqualTo(1);
  }

  @Test
  void aWrongPasswordIsAClearAuthenticationErrorAndNothingIsPushed() throws Exception {
    Path file = Trees.write(tmp.resolve("f.txt"), "x");
    SidecarFlowIT.Result result =
        SidecarFlowIT.oras(
            credentials("wrong"),
            "push",
            "--ca-file",
            caFile(),
            file.toString(),
            registry.host() + "/tls/wrong:v1");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr())
        .contains("authentication failed (401) for user sidecar: check ORAS_USER and the password")
        .doesNotContain("wrong")
        .doesNotContain("Exception");
    assertThat(registry.api().manifestStatus("tls/wrong", "v1")).isEqualTo(404);
  }

  @Test
  void noCredentialsSaysWhichVariablesToSet() {
    SidecarFlowIT.Result result =
        SidecarFlowIT.oras(
            Map.of(),
            "pull",
            "--ca-file",
            caFile(),
            registry.host() + "/tls/any:v1",
            tmp.resolve("o").toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr())
        .contains("no credentials were given: set ORAS_USER and ORAS_PULL_PASS");
  }

  @Test
  void anUntrustedCertificateIsRefusedWithAHint() throws Exception {
    Path file = Trees.write(tmp.resolve("f.txt"), "x");
    SidecarFlowIT.Result result =
        SidecarFlowIT.oras(
            credentials(TestRegistry.PASSWORD),
            "push",
            file.toString(),
            registry.host() + "/tls/untrusted:v1");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("TLS failed").contains("--ca-file");
    assertThat(registry.api().manifestStatus("tls/untrusted", "v1")).isEqualTo(404);
  }
}
