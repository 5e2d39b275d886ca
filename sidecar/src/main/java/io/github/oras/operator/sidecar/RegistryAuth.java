package io.github.oras.operator.sidecar;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers a registry's {@code WWW-Authenticate} challenge: Basic (the distribution registry with
 * htpasswd) or Bearer (token servers, as used by ghcr.io, Docker Hub, Harbor and distribution's
 * {@code auth: token}). Remembers the header that worked so later requests carry it from the start.
 * The password goes to a token realm only as {@link CredentialScope} allows.
 */
final class RegistryAuth {
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final RegistryHttp http;
  private final Optional<Credentials> credentials;
  private final CredentialScope scope;
  private volatile String header;
  private volatile String tokenRefusal;

  RegistryAuth(RegistryHttp http, Optional<Credentials> credentials, CredentialScope scope) {
    this.http = http;
    this.credentials = credentials;
    this.scope = scope;
  }

  /** Why the last token request failed ("the token server at ... answered 401"), if it did. */
  Optional<String> tokenRefusal() {
    return Optional.ofNullable(tokenRefusal);
  }

  Optional<String> header() {
    return Optional.ofNullable(header);
  }

  Optional<Credentials> credentials() {
    return credentials;
  }

  /**
   * Prepares a header for the challenge in a 401 answer.
   *
   * @return whether a new header is worth one more try
   */
  boolean answer(RegistryResponse unauthorized, String repository, String actions)
      throws IOException {
    String challenge = unauthorized.header("WWW-Authenticate").orElse("");
    String previous = header;
    if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
      header = credentials.map(RegistryAuth::basic).orElse(null);
    } else if (challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
      header = bearer(parameters(challenge), repository, actions);
    } else {
      return false;
    }
    return header != null && !header.equals(previous);
  }

  private String bearer(Map<String, String> params, String repository, String actions)
      throws IOException {
    String realm = params.get("realm");
    if (realm == null) {
      return null;
    }
    StringBuilder query = new StringBuilder();
    if (params.containsKey("service")) {
      query.append("service=").append(encode(params.get("service")));
    }
    String wanted = params.getOrDefault("scope", "repository:" + repository + ":" + actions);
    query.append(query.length() == 0 ? "" : "&").append("scope=").append(encode(wanted));
    URI uri = realmUri(realm + (realm.contains("?") ? "&" : "?") + query);
    RegistryRequest request = RegistryRequest.of("GET", uri);
    if (credentials.isPresent()) {
      scope
          .refusalForRealm(uri)
          .ifPresent(
              why -> {
                throw new RegistryException(RegistryException.Kind.INVALID, why);
              });
      request = request.header("Authorization", basic(credentials.get()));
    }
    RegistryResponse response = http.sendPlain(request, "a token");
    if (response.status() != 200) {
      tokenRefusal =
          "the token server at "
              + uri.getScheme()
              + "://"
              + uri.getAuthority()
              + uri.getPath()
              + " answered HTTP "
              + response.status()
              + " for scope "
              + wanted;
      return null;
    }
    tokenRefusal = null;
    return tokenOf(new String(response.body(), StandardCharsets.UTF_8))
        .map(token -> "Bearer " + token)
        .orElse(null);
  }

  private static URI realmUri(String text) {
    try {
      URI uri = URI.create(text);
      if (uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    String shown = text.length() > 120 ? text.substring(0, 120) + "..." : text;
    throw new RegistryException(
        RegistryException.Kind.INVALID,
        "the registry names a token realm that is not an absolute URL: \"" + shown + "\"");
  }

  /** The {@code token} (or OAuth2's {@code access_token}) of a token server's JSON answer. */
  static Optional<String> tokenOf(String answer) {
    Map<String, String> found = new HashMap<>();
    try (JsonParser json = OciManifest.JSON.createParser(answer)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        if (json.nextToken() == JsonToken.VALUE_STRING) {
          found.put(field, json.getText());
        } else {
          json.skipChildren();
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    for (String key : new String[] {"token", "access_token"}) {
      String token = found.get(key);
      if (token != null && !token.isEmpty()) {
        return Optional.of(token);
      }
    }
    return Optional.empty();
  }

  static Map<String, String> parameters(String challenge) {
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(challenge);
    while (m.find()) {
      params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
    }
    return params;
  }

  private static String basic(Credentials c) {
    String pair = c.user() + ":" + c.password();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
