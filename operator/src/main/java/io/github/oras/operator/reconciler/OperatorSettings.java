package io.github.oras.operator.reconciler;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the reconciler runs.
 *
 * @param leaderElection the Lease to hold before reconciling; needed when the operator runs more
 *     than one replica (the webhook serves on all of them, the reconciler on the leader only)
 * @param namespaces namespaces to watch; empty means all namespaces
 * @param shutdownTimeout how long {@link CacheOperator#stop()} waits for running reconciliations
 */
public record OperatorSettings(
    Optional<LeaderElection> leaderElection, Set<String> namespaces, Duration shutdownTimeout) {

  /** The Lease {@code leaseName} in {@code leaseNamespace}. */
  public record LeaderElection(String leaseName, String leaseNamespace) {
    public LeaderElection {
      requireName(leaseName, "leader election lease name");
      requireName(leaseNamespace, "leader election lease namespace");
    }
  }

  public OperatorSettings {
    Objects.requireNonNull(leaderElection, "leaderElection");
    namespaces = Set.copyOf(namespaces);
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "shutdown timeout must not be negative, got " + shutdownTimeout);
    }
  }

  /** One replica, all namespaces, 10 s to finish reconciliations on shutdown. */
  public static OperatorSettings defaults() {
    return new OperatorSettings(Optional.empty(), Set.of(), Duration.ofSeconds(10));
  }

  public OperatorSettings withLeaderElection(String leaseName, String leaseNamespace) {
    return new OperatorSettings(
        Optional.of(new LeaderElection(leaseName, leaseNamespace)), namespaces, shutdownTimeout);
  }

  public OperatorSettings withNamespaces(Set<String> watched) {
    return new OperatorSettings(leaderElection, watched, shutdownTimeout);
  }

  private static void requireName(String value, String what) {
    if (value == null || !value.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
      throw new IllegalArgumentException(
          what
              + " \""
              + value
              + "\" is not a valid Kubernetes name (lowercase letters, digits, - and .)");
    }
  }
}
