package io.github.oras.operator.sidecar;

import java.net.URI;
import java.util.Optional;

/**
 * Where the credentials of one registry may go. The rule, for a registry endpoint R whose origin is
 * the scheme, host and port of its API base ({@code https://host:port} or, when R is marked
 * plain-http, {@code http://host:port}):
 *
 * <ol>
 *   <li>An {@code Authorization} header (Basic, or a Bearer token obtained for R) is sent only to
 *       R's own origin. A request that leaves it, a redirect to object storage or a CDN or an
 *       upload {@code Location} on another host or port, is sent without one; what comes back is
 *       still checked against its digest.
 *   <li>The user name and password go to a Bearer token {@code realm} on another origin only over
 *       https (any host: Docker Hub, ghcr.io and Harbor issue tokens from another host), or over
 *       plain http when R is itself marked plain-http (ORAS_PLAIN_HTTP, {@code --plain-http}; the
 *       cli marks loopback registries so) and the realm's host is R's host or a loopback address.
 *       Otherwise the token request is refused before anything is sent.
 *   <li>Basic credentials therefore never travel over plain http except to a registry marked
 *       plain-http: the client speaks http only to such registries, and rule 1 drops the header
 *       when a redirect changes the scheme.
 * </ol>
 */
final class CredentialScope {
  private final RegistryEndpoint endpoint;
  private final Origin registry;

  CredentialScope(RegistryEndpoint endpoint) {
    this.endpoint = endpoint;
    this.registry = Origin.of(endpoint.apiBase());
  }

  /** Rule 1: whether a request to {@code uri} may carry the registry's Authorization header. */
  boolean mayCarryAuthorization(URI uri) {
    return registry.equals(Origin.of(uri));
  }

  /**
   * Rule 2: why the password may not go to the token server at {@code realm}, or empty when it may.
   */
  Optional<String> refusalForRealm(URI realm) {
    Origin target = Origin.of(realm);
    if (target.equals(registry) || target.https()) {
      return Optional.empty();
    }
    if (!"http".equals(target.scheme())) {
      return Optional.of("the token realm " + realm + " is neither https nor http");
    }
    boolean sameHost = target.host().equals(registry.host());
    if (endpoint.plainHttp()
        && (sameHost || LoopbackHosts.isLoopback(target.host() + ":" + target.port()))) {
      return Optional.empty();
    }
    return Optional.of(
        "the registry at "
            + endpoint.host()
            + " sends the login to "
            + realm
            + " over plain HTTP, which would expose the password; it goes to a token server only"
            + " over https, or over http on the registry's own host when the registry is marked"
            + " plain-http (--plain-http, ORAS_PLAIN_HTTP=true)");
  }
}
