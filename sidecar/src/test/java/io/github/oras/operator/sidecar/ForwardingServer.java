package io.github.oras.operator.sidecar;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small real HTTP server on a loopback port in front of the test registry: it forwards every
 * request and records the headers each arrived with. It can answer blob GETs with a redirect to
 * another origin (as registries backed by object storage or a CDN do), send uploads to another
 * origin through the {@code Location} it hands out, redirect manifest GETs to a relative Location,
 * loop redirects, and put its own credentials on what it forwards (as a storage service with signed
 * URLs would).
 */
final class ForwardingServer implements AutoCloseable {
  /** A request as it arrived. */
  record Seen(String method, String path, Optional<String> authorization) {}

  private static final String ALIAS = "/alias";
  private static final List<String> REQUEST_HEADERS =
      List.of("Accept", "Content-Type", "Authorization");
  private static final List<String> RESPONSE_HEADERS =
      List.of(
          "Content-Type",
          "Docker-Content-Digest",
          "Docker-Upload-UUID",
          "Range",
          "WWW-Authenticate");

  private final String upstream;
  private final HttpServer server;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final List<Seen> seen = new ArrayList<>();
  private volatile String blobsRedirectedTo;
  private volatile String uploadsSentTo;
  private volatile String ownAuthorization;
  private volatile boolean relativeManifestRedirect;
  private volatile boolean loop;

  ForwardingServer(String upstreamHost) throws IOException {
    this.upstream = "http://" + upstreamHost;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  String base() {
    return "http://" + host();
  }

  /** Blob GETs are answered 307 with the same path on {@code other}. */
  ForwardingServer redirectBlobsTo(ForwardingServer other) {
    blobsRedirectedTo = other.base();
    return this;
  }

  /** Upload Locations point at {@code other}. */
  ForwardingServer sendUploadsTo(ForwardingServer other) {
    uploadsSentTo = other.base();
    return this;
  }

  /** Forwards with this Authorization instead of the one that arrived. */
  ForwardingServer authorizeWith(String authorization) {
    ownAuthorization = authorization;
    return this;
  }

  /** Manifest GETs are answered 308 with a relative Location on this server. */
  ForwardingServer redirectManifestsRelatively() {
    relativeManifestRedirect = true;
    return this;
  }

  /** Every GET is answered 302 to itself. */
  ForwardingServer loopRedirects() {
    loop = true;
    return this;
  }

  List<Seen> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      URI uri = exchange.getRequestURI();
      String path = uri.getRawPath();
      String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
      synchronized (seen) {
        seen.add(
            new Seen(
                method,
                path,
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"))));
      }
      if (loop && method.equals("GET")) {
        redirect(exchange, 302, path + query);
      } else if (blobsRedirectedTo != null && method.equals("GET") && path.contains("/blobs/")) {
        redirect(exchange, 307, blobsRedirectedTo + path + query);
      } else if (relativeManifestRedirect
          && method.equals("GET")
          && path.contains("/manifests/")
          && !path.startsWith(ALIAS)) {
        redirect(exchange, 308, ALIAS + path + query);
      } else {
        forward(exchange, method, path.replaceFirst("^" + ALIAS, "") + query);
      }
    }
  }

  private static void redirect(HttpExchange exchange, int status, String location)
      throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(status, -1);
  }

  private void forward(HttpExchange exchange, String method, String pathAndQuery)
      throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(upstream + pathAndQuery))
            .method(
                method,
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (String name : REQUEST_HEADERS) {
      String value = exchange.getRequestHeaders().getFirst(name);
      if (name.equals("Authorization") && ownAuthorization != null) {
        value = ownAuthorization;
      }
      if (value != null) {
        request.header(name, value);
      }
    }
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    for (String name : RESPONSE_HEADERS) {
      response
          .headers()
          .firstValue(name)
          .ifPresent(v -> exchange.getResponseHeaders().set(name, v));
    }
    response
        .headers()
        .firstValue("Location")
        .ifPresent(location -> exchange.getResponseHeaders().set("Location", rewrite(location)));
    byte[] answer = response.body();
    boolean noBody = method.equals("HEAD") || answer.length == 0;
    exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : answer.length);
    if (!noBody) {
      exchange.getResponseBody().write(answer);
    }
  }

  /** The registry's absolute Locations name itself; the client should come back here (or go on). */
  private String rewrite(String location) {
    String target =
        uploadsSentTo != null && location.contains("/blobs/uploads/") ? uploadsSentTo : base();
    return location.startsWith(upstream)
        ? target + location.substring(upstream.length())
        : location;
  }
}
