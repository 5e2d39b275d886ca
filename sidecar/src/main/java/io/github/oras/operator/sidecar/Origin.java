package io.github.oras.operator.sidecar;

import java.net.URI;
import java.util.Locale;

/**
 * Scheme, host and port of a URI (RFC 6454): the unit that credentials are bound to. Default ports
 * are filled in, so {@code https://r.example} and {@code https://r.example:443} are one origin.
 */
record Origin(String scheme, String host, int port) {

  static Origin of(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
    return new Origin(scheme, host, port);
  }

  boolean https() {
    return "https".equals(scheme);
  }

  // Written out: a record's generated equals and hashCode bootstrap method handles on first use,
  // tens of milliseconds of a short-lived JVM's start, and every request compares origins.
  @Override
  public boolean equals(Object other) {
    return other instanceof Origin o
        && port == o.port
        && scheme.equals(o.scheme)
        && host.equals(o.host);
  }

  @Override
  public int hashCode() {
    return (scheme.hashCode() * 31 + host.hashCode()) * 31 + port;
  }

  @Override
  public String toString() {
    return scheme + "://" + host + ":" + port;
  }
}
