package io.github.oras.operator.sidecar;

import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One HTTP request to a registry, a token server or the storage a registry redirects to, in the
 * form both transports take ({@link UrlConnectionTransport}, and {@link JdkClientTransport} for
 * streamed {@code PATCH} uploads).
 *
 * @param upload the body, or null for none
 */
record RegistryRequest(String method, URI uri, Map<String, String> headers, Upload upload) {
  /** A body of {@code length} bytes (-1: unknown) that {@code content} opens afresh each time. */
  record Upload(long length, Supplier<InputStream> content) {
    static final Upload EMPTY = new Upload(0, InputStream::nullInputStream);
  }

  RegistryRequest {
    headers = Map.copyOf(headers);
  }

  static RegistryRequest of(String method, URI uri) {
    return new RegistryRequest(method, uri, Map.of("User-Agent", "oras-operator-sidecar"), null);
  }

  RegistryRequest header(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new RegistryRequest(method, uri, more, upload);
  }

  RegistryRequest body(Upload body) {
    return new RegistryRequest(method, uri, headers, body);
  }

  RegistryRequest to(URI target) {
    return new RegistryRequest(method, target, headers, upload);
  }
}
