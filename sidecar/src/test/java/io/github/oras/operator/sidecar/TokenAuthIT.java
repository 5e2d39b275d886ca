package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer tokens end to end: a real registry with {@code auth: token} (TLS) and a real token server
 * (HTTPS) that issues scoped JWTs after checking Basic credentials, as ghcr.io, Docker Hub and
 * Harbor do.
 */
class TokenAuthIT {
  static final Map<String, TokenServer.Account> ACCOUNTS =
      Map.of(
          "writer", new TokenServer.Account("w-pass", Set.of("pull", "push")),
          "reader", new TokenServer.Account("r-pass", Set.of("pull")));

  @TempDir static Path dir;
  static TestCertificates tls;
  static TokenServer tokens;
  static TestRegistry registry;
  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    tls = TestCertificates.selfSigned(dir.resolve("tls"));
    tokens = new TokenServer(dir.resolve("tokens"), Optional.of(tls), ACCOUNTS);
    registry =
        TestRegistry.withAuthSection(
            dir.resolve("registry"), Optional.of(tls), tokens.registryAuthSection());
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
    if (tokens != null) {
      tokens.close();
    }
  }

  static Map<String, String> login(String user, String password) {
    return Map.of("ORAS_USER", user, "ORAS_PUSH_PASS", password, "ORAS_PULL_PASS", password);
  }

  static SidecarFlowIT.Result oras(Map<String, String> env, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = args[0];
    all[1] = "--ca-file=" + tls.certificate();
    System.arraycopy(args, 1, all, 2, args.length - 1);
    return SidecarFlowIT.oras(env, all);
  }

  @Test
  void aWriterPushesAndAReaderPullsWithScopedTokens() throws Exception {
    Path source = tmp.resolve("results");
    Trees.write(source.resolve("a.txt"), "token auth");
    Trees.random(source.resolve("b.bin"), 40_000, 3);
    String ref = registry.host() + "/tok/dir:v1";

    SidecarFlowIT.Result pushed = oras(login("writer", "w-pass"), "push", source.toString(), ref);
    assertThat(pushed.exitCode()).as(pushed.stderr()).isZero();
    SidecarFlowIT.Result pulled =
        oras(login("reader", "r-pass"), "pull", ref, tmp.resolve("out").toString());
    assertThat(pulled.exitCode()).as(pulled.stderr()).isZero();
    Trees.assertSameTree(source, tmp.resolve("out").resolve("results"));

    assertThat(tokens.requests())
        .as("every token request carried the login, over TLS")
        .allSatisfy(
            r -> {
              assertThat(r.overTls()).isTrue();
              assertThat(r.authorization())
                  .hasValueSatisfying(a -> assertThat(a).startsWith("Basic "));
            })
        // The registry lists the actions of its challenge in map order: either order is right.
        .anySatisfy(
            r ->
                assertThat(r.scopes())
                    .containsAnyOf("repository:tok/dir:pull,push", "repository:tok/dir:push,pull"))
        .anySatisfy(r -> assertThat(r.scopes()).contains("repository:tok/dir:pull"));
  }

  @Test
  void aPushWithAPullOnlyTokenFailsSayingSo() throws Exception {
    Path file = Trees.write(tmp.resolve("f.txt"), "x");
    SidecarFlowIT.Result result =
        oras(
            login("reader", "r-pass"), "push", file.toString(), registry.host() + "/tok/denied:v1");
    assertThat(result.exitCode()).isEqualTo(1);
    // The registry names the challenge's actions in map order: either order is right.
    assertThat(result.stderr())
        .contains("insufficient_scope")
        .containsAnyOf(
            "for user reader does not grant repository:tok/denied:pull,push",
            "for user reader does not grant repository:tok/denied:push,pull")
        .doesNotContain("r-pass")
        .doesNotContain("Exception");
  }

  @Test
  void aWrongPasswordNamesTheTokenServersAnswer() {
    SidecarFlowIT.Result result =
        oras(
            login("reader", "wrong"),
            "pull",
            registry.host() + "/tok/any:v1",
            tmp.resolve("o").toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr())
        .contains("authentication failed (401)")
        .contains("the token server at " + tokens.realm() + " answered HTTP 401")
        .contains("for user reader");
  }

  @Test
  void thePasswordNeverGoesToAPlainHttpRealmOfATlsRegistry() throws Exception {
    try (TokenServer plainTokens =
            new TokenServer(tmp.resolve("plain-tokens"), Optional.empty(), ACCOUNTS);
        TestRegistry tlsRegistry =
            TestRegistry.withAuthSection(
                tmp.resolve("registry"), Optional.of(tls), plainTokens.registryAuthSection())) {
      SidecarFlowIT.Result result =
          oras(
              login("reader", "r-pass"),
              "pull",
              tlsRegistry.host() + "/tok/any:v1",
              tmp.resolve("o").toString());
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.stderr())
          .contains("sends the login to " + plainTokens.realm())
          .contains("over plain HTTP, which would expose the password");
      assertThat(plainTokens.requests())
          .as("nothing carrying the password reached the plain HTTP realm")
          .allSatisfy(r -> assertThat(r.authorization()).isEmpty());
    }
  }
}
