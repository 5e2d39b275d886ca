package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends requests with the JDK's {@link HttpURLConnection} (blocking, kept-alive connections).
 * Chosen over {@code java.net.http} for everything but streamed {@code PATCH} uploads, which it
 * cannot send: a tiny pull or push is mostly JVM start-up, and the JDK's newer client costs about
 * 0.4 s of CPU to load and set up (its selector thread, futures and some 240 lambda classes)
 * against 0.05 s for this one (measured with one GET each; bench/sidecar/tiny). Reads time out
 * after the idle limit (the socket timeout is per read); an upload the server stops reading is
 * ended by {@link IdleWatch#guard}. TLS is set up only when a connection needs it.
 */
final class UrlConnectionTransport implements RegistryHttp.Transport {
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final int UPLOAD_BUFFER = 256 * 1024;

  private final Supplier<SSLSocketFactory> tls;
  private final boolean anyHostName;

  /**
   * @param tls the TLS set-up for https connections, asked on the first one
   * @param anyHostName whether certificates need not name the host (--insecure)
   */
  UrlConnectionTransport(Supplier<SSLSocketFactory> tls, boolean anyHostName) {
    this.tls = tls;
    this.anyHostName = anyHostName;
  }

  @Override
  public RegistryResponse exchange(
      RegistryRequest request, RegistryHttp.BodySink sink, IdleWatch watch) throws IOException {
    watch.begin();
    HttpURLConnection connection = open(request, watch);
    try {
      if (request.upload() != null) {
        send(connection, request, watch);
      }
      int status = connection.getResponseCode();
      if (status < 0) {
        throw new IOException(
            request.uri().getAuthority() + " did not answer " + request.method() + " with HTTP");
      }
      watch.answered();
      Map<String, List<String>> headers = headers(connection);
      if (status == 200 && sink != null) {
        try (InputStream body = connection.getInputStream()) {
          sink.accept(watch.download(body));
        }
        return new RegistryResponse(status, request.uri(), headers, new byte[0]);
      }
      InputStream body =
          status >= 400
              ? connection.getErrorStream()
              : request.method().equals("HEAD") ? null : connection.getInputStream();
      byte[] bytes = new byte[0];
      if (body != null) {
        try (InputStream in = watch.download(body)) {
          bytes = BoundedBody.read(in, BoundedBody.MAX_BYTES);
        }
      }
      return new RegistryResponse(status, request.uri(), headers, bytes);
    } catch (SocketTimeoutException e) {
      connection.disconnect();
      throw watch.stalled(request.method(), request.uri());
    } catch (IOException | RuntimeException e) {
      // Not back to the keep-alive cache: the connection is in an unknown state.
      connection.disconnect();
      if (watch.expired()) {
        throw watch.stalled(request.method(), request.uri());
      }
      throw e;
    }
  }

  private HttpURLConnection open(RegistryRequest request, IdleWatch watch) throws IOException {
    URLConnection opened = request.uri().toURL().openConnection();
    if (!(opened instanceof HttpURLConnection connection)) {
      throw new IOException("not an http(s) URL: " + request.uri());
    }
    if (connection instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(tls.get());
      if (anyHostName) {
        https.setHostnameVerifier((host, session) -> true);
      }
    }
    connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
    connection.setReadTimeout(
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, watch.limit().toMillis())));
    connection.setInstanceFollowRedirects(false); // followed by RegistryHttp, see CredentialScope
    connection.setUseCaches(false);
    connection.setRequestMethod(request.method());
    // Without this the JDK sends an Accept that asks for images and HTML.
    connection.setRequestProperty("Accept", "*/*");
    request.headers().forEach(connection::setRequestProperty);
    return connection;
  }

  private static void send(HttpURLConnection connection, RegistryRequest request, IdleWatch watch)
      throws IOException {
    RegistryRequest.Upload upload = request.upload();
    connection.setDoOutput(true);
    if (upload.length() == 0) {
      // Content-Length: 0 and nothing to watch: a write of nothing cannot stall.
      connection.setFixedLengthStreamingMode(0);
      connection.getOutputStream().close();
      return;
    }
    if (upload.length() > 0) {
      connection.setFixedLengthStreamingMode(upload.length());
    } else {
      connection.setChunkedStreamingMode(UPLOAD_BUFFER);
    }
    try (IdleWatch.Guard guard =
            watch.guard(request.method(), request.uri(), connection::disconnect);
        OutputStream out = connection.getOutputStream();
        InputStream in = watch.upload(upload.content().get())) {
      long length = upload.length();
      byte[] buffer =
          new byte[length < 0 ? UPLOAD_BUFFER : (int) Math.min(UPLOAD_BUFFER, length + 1)];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
      }
    }
  }

  /** The response headers in the order the server sent them (the map of the JDK reverses them). */
  private static Map<String, List<String>> headers(HttpURLConnection connection) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; ; i++) {
      String name = connection.getHeaderFieldKey(i);
      String value = connection.getHeaderField(i);
      if (name == null && value == null) {
        return headers;
      }
      if (name != null) {
        headers.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
      }
    }
  }
}
