package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * One registry's HTTP exchanges: answers its authentication challenges, follows redirects itself
 * (bounded, credentials only for the registry's own origin, see {@link CredentialScope}) and fails
 * any exchange in which nothing moves for the idle-read limit (see {@link IdleWatch}).
 */
final class RegistryHttp {
  /** Sends one request, no redirects or challenges followed. */
  interface Transport {
    /**
     * @param sink takes the body of a 200 answer as a stream, or null to read every body into
     *     memory (bounded)
     */
    RegistryResponse exchange(RegistryRequest request, BodySink sink, IdleWatch watch)
        throws IOException;
  }

  /** Takes a 200 answer's body as a stream (a blob into a file). */
  @FunctionalInterface
  interface BodySink {
    void accept(InputStream body) throws IOException;
  }

  private final RegistryEndpoint endpoint;
  private final Supplier<SSLContext> tls;
  private final Transport connections;
  private volatile Transport streamingUploads;
  private final CredentialScope scope;
  private final RegistryAuth auth;
  private final Duration readTimeout;

  RegistryHttp(RegistryEndpoint endpoint, Duration readTimeout) {
    if (readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("the read timeout must be positive, not " + readTimeout);
    }
    this.endpoint = endpoint;
    this.readTimeout = readTimeout;
    this.tls = tls(endpoint);
    this.connections =
        new UrlConnectionTransport(() -> tls.get().getSocketFactory(), endpoint.insecure());
    this.scope = new CredentialScope(endpoint);
    this.auth = new RegistryAuth(this, endpoint.credentials(), scope);
  }

  /**
   * The TLS set-up, made on the first https connection and shared by both transports: the
   * registry's own (trust from a CA file, the system, or none with --insecure), or the system's for
   * a plain-HTTP registry whose redirect leads to https storage.
   */
  private static Supplier<SSLContext> tls(RegistryEndpoint endpoint) {
    return new Supplier<>() {
      private SSLContext context;

      @Override
      public synchronized SSLContext get() {
        if (context == null) {
          context =
              endpoint.plainHttp()
                  ? TlsContexts.systemDefault()
                  : TlsContexts.forEndpoint(endpoint);
        }
        return context;
      }
    };
  }

  RegistryAuth auth() {
    return auth;
  }

  Duration readTimeout() {
    return readTimeout;
  }

  /** Sends in the background without credentials; the answer does not matter (a warm-up). */
  void sendAndForget(RegistryRequest request) {
    Thread thread =
        new Thread(
            () -> {
              try {
                connections.exchange(request, null, new IdleWatch(readTimeout, "a warm-up", -1));
              } catch (IOException | RuntimeException ignored) {
                // only a warm-up
              }
            },
            "oras-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Sends a request to the registry: redirects followed, one answer to a 401 challenge from the
   * registry's own origin.
   *
   * @param sink takes a 200 answer's body as a stream, or null to read bodies into memory
   * @param what the thing transferred, for messages
   * @param expectedBytes the expected response body length, or -1
   */
  RegistryResponse send(
      RegistryRequest request,
      BodySink sink,
      String repository,
      String actions,
      String what,
      long expectedBytes)
      throws IOException {
    IdleWatch watch = new IdleWatch(readTimeout, what, expectedBytes);
    RegistryResponse response = follow(request, sink, watch);
    if (response.status() == 401
        && scope.mayCarryAuthorization(response.uri())
        && auth.answer(response, repository, actions)) {
      response = follow(request, sink, watch);
    }
    return response;
  }

  /** A request outside the registry's API (a token realm): no redirects, no Authorization. */
  RegistryResponse sendPlain(RegistryRequest request, String what) throws IOException {
    return connections.exchange(request, null, new IdleWatch(readTimeout, what, -1));
  }

  private RegistryResponse follow(RegistryRequest request, BodySink sink, IdleWatch watch)
      throws IOException {
    Transport transport = request.method().equals("PATCH") ? streamingUploads() : connections;
    URI first = request.uri();
    URI uri = first;
    for (int hop = 0; hop <= Redirects.MAX_HOPS; hop++) {
      RegistryRequest hopRequest = request.to(uri);
      String authorization = auth.header().orElse(null);
      if (authorization != null && scope.mayCarryAuthorization(uri)) {
        hopRequest = hopRequest.header("Authorization", authorization);
      }
      RegistryResponse response = transport.exchange(hopRequest, sink, watch);
      if (!Redirects.isRedirect(response.status())) {
        return response;
      }
      String location = response.header("Location").orElse(null);
      uri = Redirects.next(response.status(), request.method(), uri, location);
    }
    throw Redirects.tooMany(first);
  }

  private Transport streamingUploads() {
    Transport transport = streamingUploads;
    if (transport == null) {
      synchronized (this) {
        if (streamingUploads == null) {
          streamingUploads = new JdkClientTransport(endpoint, tls);
        }
        transport = streamingUploads;
      }
    }
    return transport;
  }
}
