package io.github.oras.operator.sidecar;

import static io.github.oras.operator.sidecar.RegistryException.Kind;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns a registry's error answer into a message for the user: which call, which registry (and
 * where a redirect led), and what to do about 401, 403, 404, insufficient token scope and 5xx.
 */
final class RegistryFailures {
  private final RegistryEndpoint endpoint;
  private final RegistryAuth auth;

  RegistryFailures(RegistryEndpoint endpoint, RegistryAuth auth) {
    this.endpoint = endpoint;
    this.auth = auth;
  }

  RegistryException of(String what, RegistryResponse response) {
    int status = response.status();
    String where = what + " at " + endpoint.host();
    if (!response.uri().getRawAuthority().equals(endpoint.apiBase().getRawAuthority())) {
      where +=
          " (redirected to "
              + response.uri().getScheme()
              + "://"
              + response.uri().getRawAuthority()
              + ")";
    }
    return switch (status) {
      case 401 -> unauthorized(where, response);
      case 403 ->
          new RegistryException(
              Kind.FORBIDDEN,
              where
                  + ": access denied (403)"
                  + auth.credentials().map(c -> " for user " + c.user()).orElse(""));
      case 404 -> new RegistryException(Kind.NOT_FOUND, where + ": not found (404)");
      default ->
          new RegistryException(
              status == 429 || status >= 500 ? Kind.TRANSIENT : Kind.INVALID,
              where + ": HTTP " + status + detail(response.body()));
    };
  }

  private RegistryException unauthorized(String where, RegistryResponse response) {
    String challenge = response.header("WWW-Authenticate").orElse("");
    Map<String, String> params = RegistryAuth.parameters(challenge);
    String user = auth.credentials().map(c -> "user " + c.user()).orElse("anonymous access");
    if ("insufficient_scope".equals(params.get("error"))) {
      return new RegistryException(
          Kind.FORBIDDEN,
          where
              + ": access denied (401 insufficient_scope): the token issued for "
              + user
              + " does not grant "
              + params.getOrDefault("scope", "this operation")
              + "; the password is right but the account may not do this (pull-only?)");
    }
    String refusal = auth.tokenRefusal().map(r -> " (" + r + ")").orElse("");
    return new RegistryException(
        Kind.UNAUTHORIZED,
        where
            + ": authentication failed (401)"
            + refusal
            + " "
            + auth.credentials()
                .map(c -> "for user " + c.user() + ": check ORAS_USER and the password")
                .orElse(
                    "and no credentials were given: set ORAS_USER and ORAS_PULL_PASS/ORAS_PUSH_PASS"));
  }

  private static String detail(byte[] body) {
    String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return "";
    }
    return ": " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
  }
}
