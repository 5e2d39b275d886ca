package io.github.oras.operator.api;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An OCI artifact reference {@code [host[:port]/]repository[:tag][@digest]}, following the grammar of
 * the distribution project's reference package. Without a host the reference is relative to the
 * cache (or the {@code registry} annotation); without tag or digest it means {@code :latest}.
 */
public record ArtifactReference(
    Optional<String> registry, String repository, Optional<String> tag, Optional<String> digest) {

  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST =
      Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}");
  private static final Pattern HOST =
      Pattern.compile(
          "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
              + "|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?");
  private static final int MAX_REPOSITORY = 255;

  public ArtifactReference {
    registry.ifPresent(ArtifactReference::checkHost);
    if (!REPOSITORY.matcher(repository).matches() || repository.length() > MAX_REPOSITORY) {
      throw new IllegalArgumentException(
          "repository \"" + repository + "\" is not valid: use lowercase letters, digits and"
              + " separators (. _ __ -) in path components joined by /");
    }
    tag.ifPresent(
        t -> {
          if (!TAG.matcher(t).matches()) {
            throw new IllegalArgumentException(
                "tag \"" + t + "\" is not valid: up to 128 of A-Z a-z 0-9 _ . -, not starting with . or -");
          }
        });
    digest.ifPresent(
        d -> {
          if (!DIGEST.matcher(d).matches()) {
            throw new IllegalArgumentException(
                "digest \"" + d + "\" is not valid: expected algorithm:hex, e.g. sha256:<64 hex digits>");
          }
        });
  }

  /**
   * Parses a reference.
   *
   * @throws IllegalArgumentException with a message saying which part is wrong
   */
  public static ArtifactReference parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("an artifact reference must not be empty");
    }
    if (!text.equals(text.strip())) {
      throw new IllegalArgumentException("an artifact reference must not have surrounding whitespace");
    }
    String rest = text;
    Optional<String> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Optional.of(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    Optional<String> registry = Optional.empty();
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      // As in the distribution reference grammar: the first component is a host when it looks like one.
      if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")
          || !first.equals(first.toLowerCase(java.util.Locale.ROOT))) {
        registry = Optional.of(first);
        rest = rest.substring(slash + 1);
      }
    }
    Optional<String> tag = Optional.empty();
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      tag = Optional.of(rest.substring(colon + 1));
      rest = rest.substring(0, colon);
    }
    return new ArtifactReference(registry, rest, tag, digest);
  }

  /** This reference, fully qualified with {@code defaultRegistry} unless it names its own host. */
  public ArtifactReference qualifiedWith(String defaultRegistry) {
    return registry.isPresent() ? this : new ArtifactReference(Optional.of(defaultRegistry), repository, tag, digest);
  }

  /** Validates a {@code host[:port]} registry address. */
  public static void checkHost(String host) {
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException(
          "registry host \"" + host + "\" is not valid: expected host or host:port, e.g. registry.example.com:5000");
    }
    int colon = host.lastIndexOf(':');
    if (colon > 0 && !host.endsWith("]")) {
      int port = Integer.parseInt(host.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("registry port " + port + " is out of range 1-65535");
      }
    }
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    registry.ifPresent(r -> out.append(r).append('/'));
    out.append(repository);
    tag.ifPresent(t -> out.append(':').append(t));
    digest.ifPresent(d -> out.append('@').append(d));
    return out.toString();
  }
}
