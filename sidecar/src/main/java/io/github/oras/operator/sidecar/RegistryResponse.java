package io.github.oras.operator.sidecar;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A registry's (or token server's) answer: status, the URI that gave it, headers, and the body as
 * read into memory (bounded, see {@link BoundedBody}); empty when a {@link RegistryHttp.BodySink}
 * took the body as a stream.
 */
record RegistryResponse(int status, URI uri, Map<String, List<String>> headers, byte[] body) {
  /** The first value of a header, its name compared without case (HTTP names are not cased). */
  Optional<String> header(String name) {
    for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
      if (entry.getKey() != null
          && entry.getKey().equalsIgnoreCase(name)
          && !entry.getValue().isEmpty()) {
        return Optional.ofNullable(entry.getValue().get(0));
      }
    }
    return Optional.empty();
  }
}
