package io.github.oras.operator.api;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An OCI artifact reference {@code [host[:port]/]repository[:tag][@digest]}, following the grammar
 * of the distribution project's reference package. Without a host the reference is relative to the
 * cache (or the {@code registry} annotation); without tag or digest it means {@code :latest}.
 */
public record ArtifactReference(
    Optional<String> registry, String repository, Optional<String> tag, Optional<String> digest) {

  private static final Pattern DIGEST =
      Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}");
  // Lengths are checked first: they bound the work, and Java's regex engine (the digest's pattern)
  // recurses once per repeated group, so a long annotation value (up to 256 KiB) would otherwise
  // end in a StackOverflowError. Repository, tag and host are scanned by ReferenceGrammar.
  private static final int MAX_REPOSITORY = 255;
  private static final int MAX_HOST = 253 + ":65535".length();
  private static final int MAX_DIGEST = 256;

  public ArtifactReference {
    registry.ifPresent(ArtifactReference::checkHost);
    if (repository.length() > MAX_REPOSITORY || !ReferenceGrammar.isRepository(repository)) {
      throw new IllegalArgumentException(
          "repository \""
              + Excerpt.of(repository)
              + "\" is not valid: use lowercase letters, digits and"
              + " separators (. _ __ -) in path components joined by /, at most "
              + MAX_REPOSITORY
              + " characters");
    }
    if (registry.isEmpty() && repository.indexOf('/') > 0) {
      String first = repository.substring(0, repository.indexOf('/'));
      if (looksLikeHost(first)) {
        // Its text form would be read back with "first" as the registry.
        throw new IllegalArgumentException(
            "repository \""
                + Excerpt.of(repository)
                + "\" starts with \""
                + Excerpt.of(first)
                + "\", which reads as a"
                + " registry host; give the registry separately");
      }
    }
    tag.ifPresent(
        t -> {
          if (!ReferenceGrammar.isTag(t)) {
            throw new IllegalArgumentException(
                "tag \""
                    + Excerpt.of(t)
                    + "\" is not valid: up to 128 of A-Z a-z 0-9 _ . -, not starting with . or -");
          }
        });
    digest.ifPresent(
        d -> {
          if (d.length() > MAX_DIGEST || !DIGEST.matcher(d).matches()) {
            throw new IllegalArgumentException(
                "digest \""
                    + Excerpt.of(d)
                    + "\" is not valid: expected algorithm:hex, e.g. sha256:<64 hex digits>");
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
      throw new IllegalArgumentException(
          "an artifact reference must not have surrounding whitespace");
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
      if (looksLikeHost(first)) {
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
    return registry.isPresent()
        ? this
        : new ArtifactReference(Optional.of(defaultRegistry), repository, tag, digest);
  }

  /**
   * The text of {@link #qualifiedWith}, without building the qualified reference: that would check
   * the repository, tag and digest a second time, a tenth of the webhook's planning time, when only
   * the registry is new. Throws as {@link #qualifiedWith} does for an invalid {@code
   * defaultRegistry}.
   */
  public String qualifiedText(String defaultRegistry) {
    if (registry.isPresent()) {
      return toString();
    }
    checkHost(defaultRegistry);
    return defaultRegistry + "/" + this;
  }

  /**
   * As in the distribution reference grammar: the first path component of a reference names a
   * registry when it has a dot or a port, is {@code localhost}, an IPv6 literal, or has uppercase
   * letters; otherwise it is part of the repository.
   */
  private static boolean looksLikeHost(String component) {
    return component.contains(".")
        || component.contains(":")
        || component.equals("localhost")
        || component.startsWith("[")
        || !component.equals(component.toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Validates a {@code host[:port]} registry address. A single name without dot or port ({@code
   * myregistry}) is refused: in a reference it would read as a repository path component.
   */
  public static void checkHost(String host) {
    if (host.length() > MAX_HOST || !ReferenceGrammar.isHost(host)) {
      throw new IllegalArgumentException(
          "registry host \""
              + Excerpt.of(host)
              + "\" is not valid: expected host or host:port, e.g. registry.example.com:5000");
    }
    if (!looksLikeHost(host)) {
      throw new IllegalArgumentException(
          "registry host \""
              + host
              + "\" has no dot and no port, so in a reference it would read as"
              + " part of the repository: write it with its port ("
              + host
              + ":443) or its full"
              + " domain name");
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
