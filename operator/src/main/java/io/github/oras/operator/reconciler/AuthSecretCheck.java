package io.github.oras.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheAuth;
import java.util.Optional;

/**
 * Checks that the htpasswd Secret named in spec.auth exists and has the key the registry reads. A
 * registry pod that mounts a missing Secret never starts, so the operator refuses to roll it out.
 *
 * <p>The operator reads only the named Secret (RBAC {@code get} on secrets) instead of watching all
 * Secrets, so a cache degraded by a missing Secret is re-checked on a timer.
 */
public final class AuthSecretCheck {
  /** The key of the Secret that holds the htpasswd file. */
  public static final String HTPASSWD_KEY = "htpasswd";

  private AuthSecretCheck() {}

  public static Optional<SpecProblem> check(OrasCache cache, KubernetesClient client) {
    OrasCacheAuth auth = SpecCheck.specOf(cache).getAuth();
    if (auth == null) {
      return Optional.empty();
    }
    String name = auth.getHtpasswdSecret();
    String namespace = cache.getMetadata().getNamespace();
    if (name == null || name.isBlank()) {
      return Optional.of(
          new SpecProblem(
              SpecProblem.AUTH_SECRET_MISSING, "spec.auth.htpasswdSecret must name a Secret"));
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      return Optional.of(
          new SpecProblem(
              SpecProblem.AUTH_SECRET_MISSING,
              "spec.auth.htpasswdSecret: Secret \""
                  + name
                  + "\" does not exist in namespace "
                  + namespace
                  + "; create it with an htpasswd file (bcrypt entries) under the key "
                  + HTPASSWD_KEY));
    }
    if (!hasKey(secret)) {
      return Optional.of(
          new SpecProblem(
              SpecProblem.AUTH_SECRET_INCOMPLETE,
              "Secret \""
                  + name
                  + "\" has no key \""
                  + HTPASSWD_KEY
                  + "\" holding the htpasswd file"));
    }
    return Optional.empty();
  }

  private static boolean hasKey(Secret secret) {
    return (secret.getData() != null && secret.getData().containsKey(HTPASSWD_KEY))
        || (secret.getStringData() != null && secret.getStringData().containsKey(HTPASSWD_KEY));
  }
}
