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
 * @param maxConnections open connections at most; more are closed as they arrive (each costs TLS
 *     buffers, and the API server keeps only a few per replica)
 * @param largeBodyBudgetBytes bytes of request bodies beyond the first {@link #SMALL_BODY_BYTES} of
 *     each that may be held at once, from the first byte read to the answer sent; a request that
 *     would exceed it gets HTTP 503 at once. Ordinary reviews are smaller than {@link
 *     #SMALL_BODY_BYTES} and never wait for it, so many slow large bodies cannot exhaust the heap
 *     nor starve ordinary requests.
 */
public record ServerLimits(
    long maxBodyBytes,
    int maxNestingDepth,
    Duration readTimeout,
    Duration idleTimeout,
    int maxConnections,
    long largeBodyBudgetBytes) {

  public static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;
  public static final int DEFAULT_MAX_NESTING_DEPTH = 256;
  public static final int DEFAULT_MAX_CONNECTIONS = 512;

  /**
   * A 64th of the heap, and room for one body of the largest size: parsed, a body takes up to some
   * 25 times its size in heap (a JSON tree of many small members, and the policies' annotation
   * maps), so with a 256 MiB heap the large bodies held at once take at most about 100 MiB.
   */
  public static final long DEFAULT_LARGE_BODY_BUDGET_BYTES =
      Math.max(DEFAULT_MAX_BODY_BYTES, Runtime.getRuntime().maxMemory() / 64);

  /** The part of each body that does not count against the large-body budget. */
  public static final int SMALL_BODY_BYTES = 64 * 1024;

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
    if (maxConnections < 1) {
      throw new IllegalArgumentException(
          "maxConnections must be at least 1, got " + maxConnections);
    }
    if (largeBodyBudgetBytes < maxBodyBytes - SMALL_BODY_BYTES) {
      throw new IllegalArgumentException(
          "largeBodyBudgetBytes must hold one body of maxBodyBytes, got " + largeBodyBudgetBytes);
    }
  }

  public static ServerLimits defaults() {
    return new ServerLimits(
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_MAX_NESTING_DEPTH,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_LARGE_BODY_BUDGET_BYTES);
  }

  /** Also raises the large-body budget when it could not hold one body of the new size. */
  public ServerLimits withMaxBodyBytes(long bytes) {
    return new ServerLimits(
        bytes,
        maxNestingDepth,
        readTimeout,
        idleTimeout,
        maxConnections,
        Math.max(largeBodyBudgetBytes, bytes));
  }

  public ServerLimits withMaxNestingDepth(int depth) {
    return new ServerLimits(
        maxBodyBytes, depth, readTimeout, idleTimeout, maxConnections, largeBodyBudgetBytes);
  }

  public ServerLimits withTimeouts(Duration read, Duration idle) {
    return new ServerLimits(
        maxBodyBytes, maxNestingDepth, read, idle, maxConnections, largeBodyBudgetBytes);
  }

  public ServerLimits withConcurrency(int connections, long largeBodyBudget) {
    return new ServerLimits(
        maxBodyBytes, maxNestingDepth, readTimeout, idleTimeout, connections, largeBodyBudget);
  }
}
