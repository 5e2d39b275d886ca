package io.github.oras.operator.sidecar;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An SSLContext that sets up the real one on first use. The JDK's HTTP client asks for a context
 * (the default one, loading the trust store and the TLS provider: ~200 classes and a good part of a
 * tiny pull's start) when it is built, even for a plain-HTTP registry that never speaks TLS; with
 * this context TLS costs only when a connection needs it (an https registry, or a plain one
 * redirecting a blob to https storage).
 */
final class LazySslContext extends SSLContext {
  LazySslContext(Supplier<SSLContext> real) {
    super(new Spi(real), null, "TLS");
  }

  /**
   * Parameters to give the client with this context, so that building the client does not ask the
   * context for its defaults (which would set it up at once). Null suites and protocols leave the
   * engine's defaults in place.
   */
  static SSLParameters clientParameters() {
    return new SSLParameters();
  }

  private static final class Spi extends SSLContextSpi {
    private final Supplier<SSLContext> factory;
    private volatile SSLContext real;

    Spi(Supplier<SSLContext> factory) {
      this.factory = factory;
    }

    private SSLContext real() {
      SSLContext context = real;
      if (context == null) {
        synchronized (this) {
          if (real == null) {
            real = factory.get();
          }
          context = real;
        }
      }
      return context;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random)
        throws KeyManagementException {
      throw new KeyManagementException("set up by its factory");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return real().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return real().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return real().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return real().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return real().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return real().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return real().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return real().getSupportedSSLParameters();
    }
  }
}
