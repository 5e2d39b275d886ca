package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.time.Duration;

/**
 * One registry's HTTP exchanges: answers its authentication challenges, follows redirects itself
 * (bounded, credentials only for the registry's own origin, see {@link CredentialScope}) and fails
 * any exchange in which nothing moves for the idle-read limit (see {@link IdleWatch}).
 */
final class RegistryHttp {
  /** Builds one hop's request; upload bodies go through {@link IdleWatch#upload}. */
  @FunctionalInterface
  interface RequestFactory {
    HttpRequest.Builder build(IdleWatch watch);
  }

  private final RegistryEndpoint endpoint;
  private final HttpClient http;
  private final CredentialScope scope;
  private final RegistryAuth auth;
  private final Duration readTimeout;

  RegistryHttp(RegistryEndpoint endpoint, Duration readTimeout) {
    if (readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("the read timeout must be positive, not " + readTimeout);
    }
    this.endpoint = endpoint;
    this.readTimeout = readTimeout;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            // Followed below: the JDK's policy keeps Authorization on a 307 to another host.
            .followRedirects(HttpClient.Redirect.NEVER);
    if (endpoint.plainHttp()) {
      // TLS only if a redirect leads to https storage: set up on first use, not at start.
      builder
          .sslContext(new LazySslContext(TlsContexts::systemDefault))
          .sslParameters(LazySslContext.clientParameters());
    } else {
      builder.sslContext(TlsContexts.forEndpoint(endpoint));
    }
    this.http = builder.build();
    this.scope = new CredentialScope(endpoint);
    this.auth = new RegistryAuth(this, endpoint.credentials(), scope);
  }

  RegistryAuth auth() {
    return auth;
  }

  Duration readTimeout() {
    return readTimeout;
  }

  /** Sends without a watch or credentials (a warm-up whose answer does not matter). */
  void sendAndForget(HttpRequest request) {
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).exceptionally(e -> null);
  }

  /**
   * Sends a request to the registry: redirects followed, one answer to a 401 challenge from the
   * registry's own origin.
   *
   * @param what the thing transferred, for messages
   * @param expectedBytes the expected response body length, or -1
   */
  <T> HttpResponse<T> send(
      RequestFactory request,
      BodyHandler<T> handler,
      String repository,
      String actions,
      String what,
      long expectedBytes)
      throws IOException {
    IdleWatch watch = new IdleWatch(readTimeout, what, expectedBytes);
    try {
      HttpResponse<T> response = follow(request, handler, watch);
      if (response.statusCode() == 401
          && scope.mayCarryAuthorization(response.uri())
          && auth.answer(response, repository, actions)) {
        response = follow(request, handler, watch);
      }
      return response;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while talking to " + endpoint.host());
    }
  }

  /** A request outside the registry's API (a token realm): no redirects, no Authorization. */
  <T> HttpResponse<T> sendPlain(HttpRequest request, BodyHandler<T> handler, String what)
      throws IOException, InterruptedException {
    return new IdleWatch(readTimeout, what, -1).send(http, request, handler);
  }

  private <T> HttpResponse<T> follow(
      RequestFactory factory, BodyHandler<T> handler, IdleWatch watch)
      throws IOException, InterruptedException {
    URI first = null;
    URI uri = null;
    for (int hop = 0; hop <= Redirects.MAX_HOPS; hop++) {
      HttpRequest.Builder builder = factory.build(watch);
      if (uri != null) {
        builder.uri(uri);
      }
      URI target = builder.build().uri();
      if (scope.mayCarryAuthorization(target)) {
        auth.header().ifPresent(h -> builder.header("Authorization", h));
      }
      HttpRequest request = builder.build();
      first = first == null ? target : first;
      HttpResponse<T> response = watch.send(http, request, handler);
      if (!Redirects.isRedirect(response.statusCode())) {
        return response;
      }
      String location = response.headers().firstValue("Location").orElse(null);
      uri = Redirects.next(response.statusCode(), request.method(), request.uri(), location);
    }
    throw Redirects.tooMany(first);
  }
}
