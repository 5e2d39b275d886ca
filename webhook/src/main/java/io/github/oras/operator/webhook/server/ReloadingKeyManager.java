package io.github.oras.operator.webhook.server;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager whose certificate can be swapped while the server runs. Each TLS handshake asks it
 * for the certificate, so new connections get the new one at once and connections already open keep
 * theirs: a rotation drops nothing and needs no restart of the listener.
 *
 * <p>A handshake asks for an alias, then for its chain and its key in separate calls (BoringSSL's
 * as the JDK's). The alias names the certificate's generation, so a swap between those calls still
 * gives that handshake the chain and key of one pair, never a new chain with an old key.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private record Generation(long number, X509ExtendedKeyManager manager) {
    String tag(String alias) {
      return alias == null ? null : number + ":" + alias;
    }
  }

  private volatile Generation current;

  /** The generation before the current one, for handshakes that chose their alias before a swap. */
  private volatile Generation previous;

  ReloadingKeyManager(ServingCertificate initial) {
    this.current = new Generation(0, initial.keyManager());
    this.previous = current;
  }

  synchronized void install(ServingCertificate next) {
    previous = current;
    current = new Generation(current.number() + 1, next.keyManager());
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    Generation generation = current;
    return generation.tag(generation.manager().chooseEngineServerAlias(keyType, issuers, engine));
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return new String[0];
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    Generation generation = current;
    String[] aliases = generation.manager().getServerAliases(keyType, issuers);
    return aliases == null
        ? null
        : Arrays.stream(aliases).map(generation::tag).toArray(String[]::new);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    Generation generation = current;
    return generation.tag(generation.manager().chooseServerAlias(keyType, issuers, socket));
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Generation generation = generationOf(alias);
    return generation == null ? null : generation.manager().getCertificateChain(untag(alias));
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Generation generation = generationOf(alias);
    return generation == null ? null : generation.manager().getPrivateKey(untag(alias));
  }

  /** The generation an alias of ours names, if it is still held. */
  private Generation generationOf(String alias) {
    int colon = alias == null ? -1 : alias.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String number = alias.substring(0, colon);
    Generation now = current;
    if (number.equals(Long.toString(now.number()))) {
      return now;
    }
    Generation before = previous;
    return number.equals(Long.toString(before.number())) ? before : null;
  }

  private static String untag(String alias) {
    return alias.substring(alias.indexOf(':') + 1);
  }
}
