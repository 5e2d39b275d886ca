package io.github.oras.operator.sidecar;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a registry host names this machine's loopback interface: {@code localhost}, an IPv4
 * literal in 127.0.0.0/8, or {@code ::1}. Decided from the literal alone, without a DNS lookup, so
 * a name that merely resolves to 127.0.0.1 does not count.
 */
public final class LoopbackHosts {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private LoopbackHosts() {}

  /**
   * @param hostAndPort {@code host[:port]} as in a reference, e.g. {@code [::1]:5000}
   */
  public static boolean isLoopback(String hostAndPort) {
    String host;
    try {
      host = URI.create("//" + hostAndPort).getHost();
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (host == null) {
      return false;
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.equals("localhost")) {
      return true;
    }
    if (IPV4.matcher(host).matches()) {
      String[] octets = host.split("\\.");
      return octets[0].equals("127")
          && java.util.Arrays.stream(octets).allMatch(o -> Integer.parseInt(o) <= 255);
    }
    return host.startsWith("[") && ipv6Loopback(host);
  }

  private static boolean ipv6Loopback(String bracketed) {
    try {
      // With brackets the JDK parses an IPv6 literal and never asks DNS.
      return InetAddress.getByName(bracketed).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
