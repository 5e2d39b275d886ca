package io.github.oras.operator.sidecar;

/**
 * A registry operation failed. The message is written for the user (what, where, why); {@link
 * #kind()} says whether trying again can help.
 */
public final class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, as far as the caller needs to decide what to do next. */
  public enum Kind {
    /** Connection refused/reset, 429 or 5xx: worth retrying with backoff. */
    TRANSIENT,
    /** 401: missing or wrong credentials. */
    UNAUTHORIZED,
    /** 403: the credentials do not allow this. */
    FORBIDDEN,
    /** 404: no such repository, tag or blob. */
    NOT_FOUND,
    /** The registry or the artifact is not what we expect (bad digest, unknown layout, 4xx). */
    INVALID
  }

  private final Kind kind;

  public RegistryException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public RegistryException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public boolean retryable() {
    return kind == Kind.TRANSIENT;
  }
}
