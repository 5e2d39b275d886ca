package io.github.oras.operator.webhook.server;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSession;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;

/**
 * The server's TLS: versions 1.2 and 1.3 only, by BoringSSL (netty-tcnative) where its native
 * library loads, by the JDK's {@code SSLEngine} otherwise. {@code
 * -Dio.netty.handler.ssl.noOpenSsl=true} forces the JDK's.
 *
 * <p>With BoringSSL the cipher suites are those the JDK would enable (its defaults, which follow
 * {@code jdk.tls.disabledAlgorithms}) that BoringSSL implements, in the JDK's order: Vert.x would
 * otherwise enable every suite BoringSSL knows, a wider set than the JDK engine serves.
 */
final class ServerTls {
  static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  /** Which implementation runs the TLS of a connection. */
  enum Engine {
    OPENSSL("openssl"),
    JDK("jdk");

    private final String label;

    Engine(String label) {
      this.label = label;
    }

    /** The metric label. */
    String label() {
      return label;
    }

    /** The engine that runs {@code session}. */
    static Engine of(SSLSession session) {
      return session instanceof OpenSslSession ? OPENSSL : JDK;
    }
  }

  private final Engine engine;
  private final String description;

  private ServerTls(Engine engine, String description) {
    this.engine = engine;
    this.description = description;
  }

  /** BoringSSL when it is available, the JDK's engine otherwise. */
  static ServerTls choose() {
    if (OpenSSLEngineOptions.isAvailable()) {
      return new ServerTls(
          Engine.OPENSSL, "TLS by " + OpenSsl.versionString() + " (netty-tcnative)");
    }
    Throwable cause = OpenSsl.unavailabilityCause();
    return new ServerTls(
        Engine.JDK,
        "TLS by the JDK (BoringSSL unavailable: "
            + (cause == null ? "unknown reason" : cause.getMessage())
            + ")");
  }

  Engine engine() {
    return engine;
  }

  /** Says which engine serves and, for the JDK's, why BoringSSL does not. */
  String description() {
    return description;
  }

  /** Sets TLS on {@code options}: versions, engine and, for BoringSSL, cipher suites. */
  HttpServerOptions apply(HttpServerOptions options) {
    options.setSsl(true).setEnabledSecureTransportProtocols(PROTOCOLS);
    if (engine == Engine.OPENSSL) {
      options.setSslEngineOptions(new OpenSSLEngineOptions());
      cipherSuites().forEach(options::addEnabledCipherSuite);
    } else {
      options.setSslEngineOptions(new JdkSSLEngineOptions());
    }
    return options;
  }

  /** The JDK's default cipher suites that BoringSSL implements, in the JDK's order. */
  static List<String> cipherSuites() {
    return jdkDefaultCipherSuites().stream().filter(OpenSsl::isCipherSuiteAvailable).toList();
  }

  static List<String> jdkDefaultCipherSuites() {
    try {
      return Arrays.asList(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no default TLS context", e);
    }
  }
}
