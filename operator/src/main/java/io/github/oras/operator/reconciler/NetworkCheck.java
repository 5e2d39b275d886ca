package io.github.oras.operator.reconciler;

import io.github.oras.operator.api.crd.OrasCacheNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks spec.network: namespace names and CIDR blocks must be what the API server accepts in a
 * NetworkPolicy, so that a typo is reported on the cache instead of failing the policy's update.
 */
final class NetworkCheck {
  /** A DNS label (RFC 1123), the rule for namespace names. */
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** Dotted IPv4 without leading zeros (the API server refuses them as ambiguous). */
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:]*");
  private static final int ECHO_LIMIT = 64;

  private NetworkCheck() {}

  static List<SpecProblem> check(OrasCacheNetwork network) {
    List<SpecProblem> problems = new ArrayList<>();
    if (network == null) {
      return problems;
    }
    List<String> namespaces = orEmpty(network.getAllowedNamespaces());
    for (int i = 0; i < namespaces.size(); i++) {
      String name = namespaces.get(i);
      if (name == null || !NAMESPACE.matcher(name).matches()) {
        problems.add(
            problem(
                "spec.network.allowedNamespaces[" + i + "]",
                name,
                "is not a namespace name: use lowercase letters, digits and '-', at most 63"
                    + " characters, e.g. ingress-nginx"));
      }
    }
    List<String> cidrs = orEmpty(network.getAllowedCidrs());
    for (int i = 0; i < cidrs.size(); i++) {
      String cidr = cidrs.get(i);
      if (cidr == null || !isCidr(cidr)) {
        problems.add(
            problem(
                "spec.network.allowedCidrs[" + i + "]",
                cidr,
                "is not a CIDR block: write an address and a prefix length, e.g. 10.0.0.0/8 or"
                    + " fd00::/64"));
      }
    }
    return problems;
  }

  /** An IPv4 or IPv6 address, a slash and a prefix length that fits the address. */
  static boolean isCidr(String text) {
    int slash = text.indexOf('/');
    if (slash < 0 || !text.substring(slash + 1).matches("0|[1-9][0-9]{0,2}")) {
      return false;
    }
    String address = text.substring(0, slash);
    int prefix = Integer.parseInt(text.substring(slash + 1));
    if (IPV4.matcher(address).matches()) {
      return prefix <= 32;
    }
    return IPV6.matcher(address).matches() && isIpv6(address) && prefix <= 128;
  }

  /** Only literal addresses reach the JDK's parser, so no name is ever looked up. */
  private static boolean isIpv6(String address) {
    try {
      return java.net.InetAddress.getByName("[" + address + "]") instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** A user's value in a message: quoted by the caller, cut to a short prefix. */
  static String shortened(String value) {
    if (value == null) {
      return "";
    }
    return value.length() <= ECHO_LIMIT ? value : value.substring(0, ECHO_LIMIT) + "...";
  }

  private static SpecProblem problem(String field, String value, String rule) {
    return new SpecProblem(
        SpecProblem.INVALID_NETWORK, field + " \"" + shortened(value) + "\" " + rule);
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values;
  }
}
