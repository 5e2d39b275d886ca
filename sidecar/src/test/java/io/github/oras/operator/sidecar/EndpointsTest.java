package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oras.operator.api.ArtifactReference;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointsTest {
  private final Optional<Credentials> secret = Optional.of(new Credentials("u", "cache-password"));

  @Test
  void theCachesPasswordAndPlainHttpStayWithTheCache() {
    Endpoints endpoints =
        new Endpoints(
            Optional.of("cache-0.cache.ns.svc:5000"), true, Optional.empty(), false, secret);
    RegistryEndpoint cache = endpoints.endpoint("cache-0.cache.ns.svc:5000");
    RegistryEndpoint remote = endpoints.endpoint("ghcr.io");
    assertThat(cache.plainHttp()).isTrue();
    assertThat(cache.credentials()).isEqualTo(secret);
    assertThat(remote.plainHttp()).isFalse();
    assertThat(remote.credentials()).isEmpty();
  }

  @Test
  void withoutAHomeRegistryTheSettingsApplyToEveryRegistry() {
    Endpoints endpoints = new Endpoints(Optional.empty(), true, Optional.empty(), false, secret);
    assertThat(endpoints.endpoint("localhost:5000").plainHttp()).isTrue();
    assertThat(endpoints.endpoint("localhost:5000").credentials()).isEqualTo(secret);
    assertThat(endpoints.client(ArtifactReference.parse("localhost:5000/a/b:c")))
        .isSameAs(endpoints.client(ArtifactReference.parse("localhost:5000/other:d")));
    assertThatThrownBy(() -> endpoints.client(ArtifactReference.parse("a/b:c")))
        .hasMessageContaining("names no registry host");
  }
}
