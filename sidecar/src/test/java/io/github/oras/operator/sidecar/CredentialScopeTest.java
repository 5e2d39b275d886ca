package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The credential-forwarding rule, redirect semantics and the loopback test, as pure functions. */
class CredentialScopeTest {
  static final Optional<Credentials> LOGIN = Optional.of(new Credentials("u", "p"));

  static CredentialScope scope(String host, boolean plainHttp) {
    return new CredentialScope(RegistryEndpoint.of(host, plainHttp, LOGIN));
  }

  @Test
  void authorizationStaysOnTheRegistrysOrigin() {
    CredentialScope tls = scope("registry.example:5000", false);
    assertThat(tls.mayCarryAuthorization(URI.create("https://registry.example:5000/v2/x")))
        .isTrue();
    assertThat(tls.mayCarryAuthorization(URI.create("HTTPS://Registry.Example:5000/v2/x")))
        .isTrue();
    assertThat(tls.mayCarryAuthorization(URI.create("https://registry.example:5001/v2/x")))
        .as("another port")
        .isFalse();
    assertThat(tls.mayCarryAuthorization(URI.create("http://registry.example:5000/v2/x")))
        .as("a downgrade to http")
        .isFalse();
    assertThat(tls.mayCarryAuthorization(URI.create("https://cdn.example/blob"))).isFalse();
    CredentialScope defaultPort = scope("registry.example", false);
    assertThat(defaultPort.mayCarryAuthorization(URI.create("https://registry.example:443/v2/")))
        .isTrue();
  }

  @Test
  void thePasswordGoesToAnHttpsRealmOnAnyHost() {
    assertThat(scope("ghcr.io", false).refusalForRealm(URI.create("https://auth.example/token")))
        .isEmpty();
    assertThat(
            scope("cache-0.cache.ns.svc:5000", true)
                .refusalForRealm(URI.create("https://auth.example/token")))
        .isEmpty();
  }

  @Test
  void aPlainHttpRealmGetsThePasswordOnlyFromAPlainHttpRegistryOnTheSameHostOrLoopback() {
    URI sameHost = URI.create("http://cache-0.cache.ns.svc:5001/token");
    assertThat(scope("cache-0.cache.ns.svc:5000", true).refusalForRealm(sameHost)).isEmpty();
    assertThat(
            scope("cache-0.cache.ns.svc:5000", true)
                .refusalForRealm(URI.create("http://127.0.0.1:9000/token")))
        .isEmpty();
    assertThat(
            scope("cache-0.cache.ns.svc:5000", true)
                .refusalForRealm(URI.create("http://auth.example/token")))
        .hasValueSatisfying(why -> assertThat(why).contains("over plain HTTP"));
    assertThat(
            scope("registry.example", false)
                .refusalForRealm(URI.create("http://registry.example/token")))
        .as("a TLS registry's realm on http")
        .hasValueSatisfying(why -> assertThat(why).contains("would expose the password"));
    assertThat(scope("127.0.0.1:5000", false).refusalForRealm(URI.create("http://127.0.0.1:9/t")))
        .as("loopback does not excuse a TLS registry's http realm")
        .isPresent();
  }

  @Test
  void redirectsKeepTheMethodForGetAndHeadAndTheBodyOnlyOn307And308() {
    URI blob = URI.create("https://r.example/v2/a/blobs/sha256:1");
    for (int status : new int[] {301, 302, 303, 307, 308}) {
      assertThat(Redirects.next(status, "GET", blob, "https://cdn.example/x?sig=1"))
          .isEqualTo(URI.create("https://cdn.example/x?sig=1"));
    }
    assertThat(Redirects.next(307, "HEAD", blob, "/v2/b/blobs/sha256:1"))
        .as("relative Location")
        .isEqualTo(URI.create("https://r.example/v2/b/blobs/sha256:1"));
    assertThat(Redirects.next(307, "PATCH", blob, "other"))
        .hasToString("https://r.example/v2/a/blobs/other");
    assertThatThrownBy(() -> Redirects.next(302, "PUT", blob, "https://s.example/u"))
        .hasMessageContaining("only 307 and 308 are followed for PUT");
    assertThatThrownBy(() -> Redirects.next(307, "GET", blob, "file:///etc/passwd"))
        .hasMessageContaining("not an http(s) URL");
    assertThatThrownBy(() -> Redirects.next(307, "GET", blob, null))
        .hasMessageContaining("without a Location");
  }

  @Test
  void loopbackIsDecidedFromTheLiteral() {
    assertThat(LoopbackHosts.isLoopback("localhost:5000")).isTrue();
    assertThat(LoopbackHosts.isLoopback("LOCALHOST")).isTrue();
    assertThat(LoopbackHosts.isLoopback("127.0.0.1:5000")).isTrue();
    assertThat(LoopbackHosts.isLoopback("127.255.3.4")).isTrue();
    assertThat(LoopbackHosts.isLoopback("[::1]:5000")).isTrue();
    assertThat(LoopbackHosts.isLoopback("128.0.0.1:5000")).isFalse();
    assertThat(LoopbackHosts.isLoopback("127.0.0.999")).isFalse();
    assertThat(LoopbackHosts.isLoopback("127.0.0.1.nip.io:5000")).isFalse();
    assertThat(LoopbackHosts.isLoopback("localhost.example:5000")).isFalse();
    assertThat(LoopbackHosts.isLoopback("[fd00::2]:5000")).isFalse();
    assertThat(LoopbackHosts.isLoopback("registry.example")).isFalse();
  }
}
