package io.github.oras.operator.webhook.server;

import java.time.Duration;

/**
 * What the server accepts from one client before it answers with an error instead of working.
 *
 * @param maxBodyBytes largest request body; larger gets HTTP 413 (the API server sends at most a
 *     few MiB: one object of at most 1.5 MiB in etcd, plus its old version on UPDATE)
 * @param maxNestingDepth deepest JSON nesting accepted; deeper gets HTTP 400 (Kubernetes objects
 *     are a few dozen levels deep at most)
 * @param readTimeout time from a request's headers to the end of its body; slower gets HTTP 408
 * @param idleTimeout time a connection may spend between requests or sending a request's headers
 *     before it is closed (bounds a client that trickles headers)
 */
public record ServerLimits(
    long maxBodyBytes, int maxNestingDepth, Duration readTimeout, Duration idleTimeout) {

  public static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;
  public static final int DEFAULT_MAX_NESTING_DEPTH = 256;

  public ServerLimits {
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 1024, got " + maxBodyBytes);
    }
    if (maxNestingDepth < 16) {
      throw new IllegalArgumentException(
          "maxNestingDepth must be at least 16, got " + maxNestingDepth);
    }
    if (readTimeout.isNegative()
        || readTimeout.isZero()
        || idleTimeout.isNegative()
        || idleTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  public static ServerLimits defaults() {
    return new ServerLimits(
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_MAX_NESTING_DEPTH,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60));
  }

  public ServerLimits withMaxBodyBytes(long bytes) {
    return new ServerLimits(bytes, maxNestingDepth, readTimeout, idleTimeout);
  }

  public ServerLimits withMaxNestingDepth(int depth) {
    return new ServerLimits(maxBodyBytes, depth, readTimeout, idleTimeout);
  }

  public ServerLimits withTimeouts(Duration read, Duration idle) {
    return new ServerLimits(maxBodyBytes, maxNestingDepth, read, idle);
  }
}
