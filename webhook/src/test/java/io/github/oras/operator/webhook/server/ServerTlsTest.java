package io.github.oras.operator.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.OpenSsl;
import org.junit.jupiter.api.Test;

class ServerTlsTest {
  @Test
  void boringSslGetsTheJdksCipherSuitesItImplementsInTheJdksOrder() {
    var jdk = ServerTls.jdkDefaultCipherSuites();
    var suites = ServerTls.cipherSuites();

    assertThat(jdk).containsSubsequence(suites);
    assertThat(suites).allMatch(OpenSsl::isCipherSuiteAvailable);
    if (OpenSsl.isAvailable()) {
      assertThat(suites)
          .contains(
              "TLS_AES_128_GCM_SHA256",
              "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
              "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")
          .doesNotContain("TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
    }
  }
}
