package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Origins are equal exactly when scheme, host and port are (default ports filled in). */
class OriginTest {
  @Test
  void equalityIsSchemeHostAndPort() {
    Origin registry = Origin.of(URI.create("https://R.example/v2/"));
    Origin same = Origin.of(URI.create("https://r.example:443/token"));
    assertThat(registry).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(registry)
        .isNotEqualTo(Origin.of(URI.create("http://r.example:443/")))
        .isNotEqualTo(Origin.of(URI.create("https://r.example:5000/")))
        .isNotEqualTo(Origin.of(URI.create("https://s.example/")))
        .isNotEqualTo(null)
        .isNotEqualTo("https://r.example:443");
    assertThat(Origin.of(URI.create("http://127.0.0.1/")))
        .isEqualTo(new Origin("http", "127.0.0.1", 80));
  }
}
