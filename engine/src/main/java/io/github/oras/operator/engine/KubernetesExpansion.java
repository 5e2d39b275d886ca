package io.github.oras.operator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kubelet's {@code $(VAR)} expansion of env values (k8s.io/kubernetes
 * third_party/forked/golang/expansion): {@code $$} becomes {@code $}, {@code $(NAME)} becomes the
 * value of an earlier variable (or stays as written when undefined), any other {@code $} is kept.
 * The engine escapes what it writes so that this expansion gives back the user's value; tests and
 * the local runner use it to see what a container really gets.
 */
public final class KubernetesExpansion {
  private KubernetesExpansion() {}

  /** The environment a container sees, each value expanded against the earlier ones. */
  public static Map<String, String> environment(JsonNode env) {
    Map<String, String> seen = new LinkedHashMap<>();
    for (JsonNode variable : env) {
      seen.put(variable.path("name").asText(), expand(variable.path("value").asText(), seen));
    }
    return seen;
  }

  public static String expand(String input, Map<String, String> variables) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (c != '$' || i + 1 >= input.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = input.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
      } else if (next == '(') {
        int close = input.indexOf(')', i + 2);
        if (close < 0) {
          out.append(input, i, input.length());
          break;
        }
        String name = input.substring(i + 2, close);
        out.append(variables.getOrDefault(name, input.substring(i, close + 1)));
        i = close + 1;
      } else {
        out.append('$').append(next);
        i += 2;
      }
    }
    return out.toString();
  }
}
