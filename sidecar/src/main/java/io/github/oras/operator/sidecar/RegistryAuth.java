package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers a registry's {@code WWW-Authenticate} challenge: Basic (the distribution registry with
 * htpasswd) or Bearer (token servers, as used by ghcr.io and Docker Hub). Remembers the header that
 * worked so later requests carry it from the start.
 */
final class RegistryAuth {
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final HttpClient http;
  private final Optional<Credentials> credentials;
  private volatile String header;

  RegistryAuth(HttpClient http, Optional<Credentials> credentials) {
    this.http = http;
    this.credentials = credentials;
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
  boolean answer(HttpResponse<?> unauthorized, String repository, String actions)
      throws IOException, InterruptedException {
    String challenge = unauthorized.headers().firstValue("WWW-Authenticate").orElse("");
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
      throws IOException, InterruptedException {
    String realm = params.get("realm");
    if (realm == null) {
      return null;
    }
    StringBuilder query = new StringBuilder();
    if (params.containsKey("service")) {
      query.append("service=").append(encode(params.get("service")));
    }
    String scope = params.getOrDefault("scope", "repository:" + repository + ":" + actions);
    query.append(query.length() == 0 ? "" : "&").append("scope=").append(encode(scope));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(realm + (realm.contains("?") ? "&" : "?") + query))
            .timeout(Duration.ofSeconds(30))
            .GET();
    credentials.ifPresent(c -> request.header("Authorization", basic(c)));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return null;
    }
    return tokenOf(response.body()).map(token -> "Bearer " + token).orElse(null);
  }

  private static Optional<String> tokenOf(String json) {
    Map<?, ?> answer = land.oras.utils.JsonUtils.fromJson(json, Map.class);
    for (String key : new String[] {"token", "access_token"}) {
      if (answer.get(key) instanceof String token && !token.isEmpty()) {
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
