package io.github.oras.operator.reconciler;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One request to the API server as RBAC sees it: verb, API group, resource (with subresource),
 * namespace and name, parsed from the HTTP method and path the way the API server's request-info
 * resolver does for resource requests.
 *
 * @param namespace empty for a cluster-scoped request or a list across all namespaces
 * @param name empty for collections
 */
record ApiCall(
    String verb,
    String group,
    String resource,
    Optional<String> namespace,
    Optional<String> name,
    String path) {

  /** The call a resource request makes; empty for non-resource paths such as /version. */
  static Optional<ApiCall> of(String method, String pathAndQuery) {
    URI uri = URI.create(pathAndQuery);
    List<String> parts = List.of(uri.getPath().replaceFirst("^/", "").split("/"));
    int start;
    String group;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      group = "";
      start = 2;
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      start = 3;
    } else {
      return Optional.empty();
    }
    List<String> rest = parts.subList(start, parts.size());
    Optional<String> namespace = Optional.empty();
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      namespace = Optional.of(rest.get(1));
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.get(0);
    Optional<String> name = rest.size() > 1 ? Optional.of(rest.get(1)) : Optional.empty();
    if (rest.size() > 2) {
      resource = resource + "/" + rest.get(2);
    }
    boolean watch = uri.getQuery() != null && uri.getQuery().matches("(.*&)?watch=(true|1)(&.*)?");
    return Optional.of(
        new ApiCall(
            verb(method, name.isPresent(), watch), group, resource, namespace, name, pathAndQuery));
  }

  private static String verb(String method, boolean named, boolean watch) {
    return switch (method) {
      case "GET" -> watch ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> throw new IllegalArgumentException("unexpected HTTP method " + method);
    };
  }

  /** Whether one RBAC rule allows this call. */
  boolean allowedBy(PolicyRule rule) {
    return matches(rule.getApiGroups(), group)
        && matches(rule.getResources(), resource)
        && matches(rule.getVerbs(), verb)
        && (rule.getResourceNames() == null
            || rule.getResourceNames().isEmpty()
            || name.filter(rule.getResourceNames()::contains).isPresent());
  }

  private static boolean matches(List<String> granted, String wanted) {
    return granted != null && (granted.contains("*") || granted.contains(wanted));
  }

  @Override
  public String toString() {
    return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource + " " + path;
  }
}
