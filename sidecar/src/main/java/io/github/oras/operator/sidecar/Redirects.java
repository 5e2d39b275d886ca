package io.github.oras.operator.sidecar;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * What to do with a redirect answer. The client follows redirects itself (the JDK's automatic
 * policy forwards the Authorization header to other hosts), so that {@link CredentialScope} decides
 * what each hop may carry. GET and HEAD keep their method on 301, 302, 303, 307 and 308; a request
 * with a body is followed only on 307 and 308, which keep method and body (301 and 302 would turn
 * an upload into a GET).
 */
final class Redirects {
  /** More hops than any registry, CDN or object store needs; a loop fails fast. */
  static final int MAX_HOPS = 10;

  private static final Set<Integer> STATUSES = Set.of(301, 302, 303, 307, 308);

  private Redirects() {}

  static boolean isRedirect(int status) {
    return STATUSES.contains(status);
  }

  /**
   * The next request's URI, with a relative {@code Location} resolved against the current one.
   *
   * @throws RegistryException when the redirect cannot be followed safely
   */
  static URI next(int status, String method, URI current, String location) {
    if (location == null || location.isBlank()) {
      throw invalid(current + " answered " + status + " without a Location");
    }
    boolean safe = method.equals("GET") || method.equals("HEAD");
    if (!safe && status != 307 && status != 308) {
      throw invalid(
          current
              + " redirected a "
              + method
              + " with "
              + status
              + ", which does not keep the request body; only 307 and 308 are followed for "
              + method);
    }
    URI target;
    try {
      target = current.resolve(location.strip());
    } catch (IllegalArgumentException e) {
      throw invalid(current + " redirected to an unusable Location \"" + shorten(location) + "\"");
    }
    String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || target.getHost() == null) {
      throw invalid(current + " redirected to \"" + shorten(location) + "\": not an http(s) URL");
    }
    return target;
  }

  static RegistryException tooMany(URI first) {
    return invalid(first + " was redirected more than " + MAX_HOPS + " times: a redirect loop?");
  }

  private static String shorten(String value) {
    return value.length() > 120 ? value.substring(0, 120) + "..." : value;
  }

  private static RegistryException invalid(String message) {
    return new RegistryException(RegistryException.Kind.INVALID, message);
  }
}
